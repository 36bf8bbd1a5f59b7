package dev.almanac.spark.driver;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.AliasIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractPartialFunction;

/**
 * Resolves a bound table name to its temporary view, keeping the name as the relation's alias so
 * that qualified columns ({@code events.dt}, {@code raw.events.dt}) still resolve. Runs with the
 * hint rules, before Spark looks names up in its own catalog.
 */
final class BoundTableRule extends Rule<LogicalPlan> {
    private final SparkSession session;

    BoundTableRule(SparkSession session) {
        this.session = session;
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan) {
        return plan.resolveOperatorsUp(new AbstractPartialFunction<LogicalPlan, LogicalPlan>() {
            @Override
            public boolean isDefinedAt(LogicalPlan node) {
                return node instanceof UnresolvedRelation relation
                        && view(relation).isPresent();
            }

            @Override
            public LogicalPlan apply(LogicalPlan node) {
                UnresolvedRelation relation = (UnresolvedRelation) node;
                List<String> parts = CollectionConverters.asJava(relation.multipartIdentifier());
                String view = view(relation).orElseThrow();
                UnresolvedRelation viewRelation = new UnresolvedRelation(
                        Scala.seq(List.of(view)), CaseInsensitiveStringMap.empty(), relation.isStreaming());
                AliasIdentifier alias =
                        new AliasIdentifier(parts.get(parts.size() - 1), Scala.seq(parts.subList(0, parts.size() - 1)));
                return new SubqueryAlias(alias, viewRelation);
            }
        });
    }

    private Optional<String> view(UnresolvedRelation relation) {
        return BoundTables.view(session, CollectionConverters.asJava(relation.multipartIdentifier()));
    }
}
