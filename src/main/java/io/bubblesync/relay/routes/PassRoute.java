package io.bubblesync.relay.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/** routes/pass.camel.yaml in Java: one pass of a job (claim, split into batches, deliver; again while claims come back full). */
public class PassRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("direct:pass").routeId("pass")
                .routeDescription("One pass: rescue expired leases, claim due rows, deliver them in batches, claim again while claims come back full")
                .routeConfigurationId("pass-errors")
                // sync.target=legacy: the deployed function claims and settles, the relay only drives it (legacy-pass)
                .filter(simple("'{{sync.target}}' == 'legacy'"))
                    .to("direct:legacy-pass")
                    .stop()
                .end()
                .bean("passReport", "start")
                // lease rescue: rows left 'processing' past sync.lease become due retries
                .to("direct:rescue-expired")
                // claim only while the relay may send: not stopping or paused, breaker closed, endpoint and Bubble not refusing
                .setProperty(ExchangeKeys.MORE, method("deliveryGate", "open"))
                .loopDoWhile(simple("${exchangeProperty.more}"))
                    .setBody(constant(""))
                    .setHeader(ExchangeKeys.INSTANCE, constant("{{sync.instance.id}}"))
                    .setHeader(ExchangeKeys.OPERATIONS, constant("{{sync.operations}}"))
                    // rows of an operation bubble_sync does not know are claimed too, to fail permanently as bad rows
                    .setHeader(ExchangeKeys.KNOWN_OPERATIONS, simple("${type:io.bubblesync.relay.delivery.RowCheck.KNOWN_OPERATIONS_TEXT}"))
                    // tables whose Bubble type answered 401/403 (sync.target=bubble) wait until their probe is due
                    .setHeader(ExchangeKeys.HELD, method("typeRefusals", "heldTables"))
                    // header "limit": sync.claim.limit for the first claim, doubled after each full one up to sync.claim.max;
                    // with sync.target=bubble no more rows than the rate limit sends in half of sync.lease, less those this
                    // relay already holds (ClaimSize)
                    .setHeader(ExchangeKeys.LIMIT, method("claimSize", "limit"))
                    .bean("passReport", "claiming")
                    .choice()
                        .when(simple("${exchangeProperty.job} == 'retry'"))
                            .to("sql:classpath:sql/claim-retry.sql?dataSource=#syncDataSource&parametersCount=5")
                        .otherwise()
                            .to("sql:classpath:sql/claim-pending.sql?dataSource=#syncDataSource&parametersCount=5")
                    .end()
                    // claimCount: the rows the claim took; only they stay reserved against the rate limit
                    .setProperty(ExchangeKeys.CLAIM_COUNT, simple("${body.size}"))
                    .bean("passReport", "claimed")
                    .bean("claimSize", "claimed")
                    .split(method("batches", "of")).parallelProcessing(true).executorService("batchExecutor").stopOnException(false)
                        .to("direct:deliver-batch")
                    .end()
                    // this claim is the last unless the claim came back full, none of its rows lapsed, and the relay may still send
                    .setProperty(ExchangeKeys.MORE, constant("false"))
                    .bean("claimSize", "next")
                    .setProperty(ExchangeKeys.CLAIM_FULL, method("claimSize", "full"))
                    .setProperty(ExchangeKeys.LAPSED_ROWS, method("passReport", "lapsedSinceClaim"))
                    .filter(simple("${exchangeProperty.claimFull} && ${exchangeProperty.lapsedRows} == 0 && ${bean:deliveryGate?method=open}"))
                        .setProperty(ExchangeKeys.MORE, constant("true"))
                    .end()
                .end()
                .bean("passReport", "finish")
                .filter(method("hooks", "active('after-pass')"))
                    .bean("hooks", "tally")
                    .doTry()
                        .to("direct:hook-after-pass")
                    .doCatch(Exception.class)
                        .log(LoggingLevel.WARN, "bubble-sync.hooks", "hook after-pass failed: ${exception.class.simpleName}: ${exception.message}")
                    .end()
                    .setBody(simple("${exchangeProperty.tally}"))
                .end();
    }
}
