package io.bubblesync.relay.camel;

import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.HasExpressionType;
import org.apache.camel.model.ExpressionSubElementDefinition;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.OutputNode;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.language.ConstantExpression;
import org.apache.camel.model.language.ExpressionDefinition;
import org.apache.camel.model.language.MethodCallExpression;
import org.apache.camel.model.language.SimpleExpression;

/**
 * Camel 4.18's model-to-YAML dumper fails on two things the relay's routes use: the method (bean) language and an
 * empty constant (it writes a JSON key of null). Before a throwaway model is dumped, each is rewritten to what it
 * means and the dumper can write: {@code method: {ref: r, method: m}} as {@code simple: "${bean:r?method=m}"}, and
 * {@code constant: ""} as {@code constant: '""'}. Only {@link RouteModel}'s never-started context is touched.
 */
final class DumpableModel {
    private DumpableModel() {
    }

    static void rewrite(RouteDefinition route) {
        route.getOutputs().forEach(DumpableModel::walk);
    }

    static void rewrite(RouteConfigurationDefinition configuration) {
        configuration.getOnExceptions().forEach(DumpableModel::walk);
    }

    private static void walk(Object node) {
        if (node instanceof HasExpressionType e && e.getExpressionType() != null) {
            e.setExpressionType(dumpable(e.getExpressionType()));
        }
        if (node instanceof ChoiceDefinition choice) {
            choice.getWhenClauses().forEach(DumpableModel::walk);
            if (choice.getOtherwise() != null) {
                walk(choice.getOtherwise());
            }
        }
        if (node instanceof OnExceptionDefinition on) {
            if (on.getOnWhen() != null) {
                walk(on.getOnWhen());
            }
            rewrite(on.getHandled());
            rewrite(on.getContinued());
            rewrite(on.getRetryWhile());
        }
        if (node instanceof ProcessorDefinition<?> p) {
            p.getOutputs().forEach(DumpableModel::walk);
        } else if (node instanceof OutputNode o) {
            o.getOutputs().forEach(DumpableModel::walk);
        }
    }

    private static void rewrite(ExpressionSubElementDefinition sub) {
        if (sub != null && sub.getExpressionType() != null) {
            sub.setExpressionType(dumpable(sub.getExpressionType()));
        }
    }

    private static ExpressionDefinition dumpable(ExpressionDefinition e) {
        if (e instanceof MethodCallExpression m) {
            String bean = m.getRef() != null ? m.getRef() : "type:" + m.getBeanTypeName();
            return new SimpleExpression("${bean:" + bean + (m.getMethod() == null ? "" : "?method=" + m.getMethod()) + "}");
        }
        if (e instanceof ConstantExpression c && (c.getExpression() == null || c.getExpression().isEmpty())) {
            return new ConstantExpression("\"\"");
        }
        return e;
    }
}
