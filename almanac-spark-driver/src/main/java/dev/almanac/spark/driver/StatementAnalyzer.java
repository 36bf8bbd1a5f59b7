package dev.almanac.spark.driver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.BinaryComparison;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GreaterThan;
import org.apache.spark.sql.catalyst.expressions.GreaterThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.In;
import org.apache.spark.sql.catalyst.expressions.IsNotNull;
import org.apache.spark.sql.catalyst.expressions.IsNull;
import org.apache.spark.sql.catalyst.expressions.LessThan;
import org.apache.spark.sql.catalyst.expressions.LessThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.catalyst.trees.TreeNode;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Finds the tables a query reads in Spark's parsed (unresolved) plan, and for a table read
 * directly under a WHERE clause the top-level AND terms comparing one of its columns with
 * constants. Names of common table expressions are not tables.
 */
final class StatementAnalyzer {
    private final List<UnresolvedRelation> relations = new ArrayList<>();
    private final Map<UnresolvedRelation, ArrayNode> filters = new IdentityHashMap<>();
    private final Set<String> cteNames = new HashSet<>();

    private StatementAnalyzer() {}

    static ObjectNode analyze(SparkSession spark, String sql) {
        LogicalPlan plan;
        try {
            plan = spark.sessionState().sqlParser().parsePlan(sql);
        } catch (ParseException e) {
            // reported with Spark's own condition and message: the handler looks through causes
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (plan instanceof Command) {
            throw new DriverException(
                    "NOT_A_QUERY",
                    "Only queries (SELECT …) and Almanac's write statements can run here, not " + plan.nodeName());
        }
        StatementAnalyzer analyzer = new StatementAnalyzer();
        analyzer.visit(plan);
        ArrayNode references = JsonNodeFactory.instance.arrayNode();
        for (UnresolvedRelation relation : analyzer.relations) {
            List<String> parts = CollectionConverters.asJava(relation.multipartIdentifier());
            if (parts.size() == 1 && analyzer.cteNames.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
                continue;
            }
            ObjectNode reference = references.addObject();
            ArrayNode name = reference.putArray("name");
            parts.forEach(name::add);
            reference.set("filters", analyzer.filters.getOrDefault(relation, JsonNodeFactory.instance.arrayNode()));
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("references", references);
        return result;
    }

    private void visit(TreeNode<?> node) {
        if (node instanceof UnresolvedWith with) {
            for (Tuple2<String, SubqueryAlias> cte : CollectionConverters.asJava(with.cteRelations())) {
                cteNames.add(cte._1().toLowerCase(Locale.ROOT));
                visit(cte._2());
            }
            visit(with.child());
            return;
        }
        if (node instanceof UnresolvedRelation relation) {
            relations.add(relation);
            return;
        }
        if (node instanceof Filter filter) {
            directRelation(filter.child()).ifPresent(read -> filters.put(read.relation(), conditions(filter, read)));
        }
        if (node instanceof LogicalPlan plan) {
            // a plan's inner children are the plans of its subquery expressions (EXISTS, IN, scalar)
            for (TreeNode<?> inner : CollectionConverters.asJava(plan.innerChildren())) {
                visit(inner);
            }
        }
        for (Object child : CollectionConverters.asJava(node.children())) {
            visit((TreeNode<?>) child);
        }
    }

    /** A relation read directly by a filter, with the names its columns may be qualified by. */
    private record DirectRead(UnresolvedRelation relation, Set<String> qualifiers) {}

    private static Optional<DirectRead> directRelation(LogicalPlan child) {
        Set<String> qualifiers = new HashSet<>();
        LogicalPlan node = child;
        while (node instanceof SubqueryAlias alias) {
            qualifiers.add(alias.alias().toLowerCase(Locale.ROOT));
            node = alias.child();
        }
        if (!(node instanceof UnresolvedRelation relation)) {
            return Optional.empty();
        }
        if (qualifiers.isEmpty()) {
            List<String> parts = CollectionConverters.asJava(relation.multipartIdentifier());
            for (int i = 0; i < parts.size(); i++) {
                qualifiers.add(String.join(".", parts.subList(i, parts.size())).toLowerCase(Locale.ROOT));
            }
        }
        return Optional.of(new DirectRead(relation, qualifiers));
    }

    private static ArrayNode conditions(Filter filter, DirectRead read) {
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (Expression term : conjuncts(filter.condition())) {
            condition(term, read, result);
        }
        return result;
    }

    private static List<Expression> conjuncts(Expression expression) {
        List<Expression> terms = new ArrayList<>();
        if (expression instanceof And and) {
            terms.addAll(conjuncts(and.left()));
            terms.addAll(conjuncts(and.right()));
        } else {
            terms.add(expression);
        }
        return terms;
    }

    private static void condition(Expression term, DirectRead read, ArrayNode result) {
        if (term instanceof BinaryComparison comparison && operator(comparison) != null) {
            Optional<String> left = column(comparison.left(), read);
            Optional<String> right = column(comparison.right(), read);
            if (left.isPresent() && comparison.right() instanceof Literal literal) {
                add(result, left.get(), operator(comparison), List.of(literal));
            } else if (right.isPresent() && comparison.left() instanceof Literal literal) {
                add(result, right.get(), flipped(operator(comparison)), List.of(literal));
            }
        } else if (term instanceof In in) {
            Optional<String> column = column(in.value(), read);
            List<Expression> list = CollectionConverters.asJava(in.list());
            if (column.isPresent() && list.stream().allMatch(Literal.class::isInstance)) {
                add(
                        result,
                        column.get(),
                        "IN",
                        list.stream().map(Literal.class::cast).toList());
            }
        } else if (term instanceof IsNull isNull) {
            column(isNull.child(), read).ifPresent(column -> add(result, column, "IS_NULL", List.of()));
        } else if (term instanceof IsNotNull isNotNull) {
            column(isNotNull.child(), read).ifPresent(column -> add(result, column, "IS_NOT_NULL", List.of()));
        } else if (term instanceof UnresolvedFunction function && isBetween(function)) {
            List<Expression> arguments = CollectionConverters.asJava(function.arguments());
            Optional<String> column = column(arguments.get(0), read);
            if (column.isPresent()
                    && arguments.get(1) instanceof Literal lower
                    && arguments.get(2) instanceof Literal upper) {
                add(result, column.get(), "GREATER_THAN_OR_EQUAL", List.of(lower));
                add(result, column.get(), "LESS_THAN_OR_EQUAL", List.of(upper));
            }
        }
    }

    private static boolean isBetween(UnresolvedFunction function) {
        List<String> name = CollectionConverters.asJava(function.nameParts());
        return name.size() == 1
                && name.get(0).equalsIgnoreCase("between")
                && !function.isDistinct()
                && function.arguments().size() == 3;
    }

    private static String operator(BinaryComparison comparison) {
        if (comparison instanceof EqualTo) {
            return "EQUAL";
        }
        if (comparison instanceof LessThan) {
            return "LESS_THAN";
        }
        if (comparison instanceof LessThanOrEqual) {
            return "LESS_THAN_OR_EQUAL";
        }
        if (comparison instanceof GreaterThan) {
            return "GREATER_THAN";
        }
        if (comparison instanceof GreaterThanOrEqual) {
            return "GREATER_THAN_OR_EQUAL";
        }
        return null;
    }

    private static String flipped(String operator) {
        return switch (operator) {
            case "LESS_THAN" -> "GREATER_THAN";
            case "LESS_THAN_OR_EQUAL" -> "GREATER_THAN_OR_EQUAL";
            case "GREATER_THAN" -> "LESS_THAN";
            case "GREATER_THAN_OR_EQUAL" -> "LESS_THAN_OR_EQUAL";
            default -> operator;
        };
    }

    /** The column an expression names, if it is a plain column of the relation read. */
    private static Optional<String> column(Expression expression, DirectRead read) {
        if (!(expression instanceof UnresolvedAttribute attribute)) {
            return Optional.empty();
        }
        List<String> parts = CollectionConverters.asJava(attribute.nameParts());
        if (parts.size() == 1) {
            return Optional.of(parts.get(0));
        }
        String qualifier = String.join(".", parts.subList(0, parts.size() - 1)).toLowerCase(Locale.ROOT);
        return read.qualifiers().contains(qualifier) ? Optional.of(parts.get(parts.size() - 1)) : Optional.empty();
    }

    private static void add(ArrayNode result, String column, String operator, List<Literal> literals) {
        List<String> values = new ArrayList<>();
        String kind = literals.isEmpty() ? "NONE" : null;
        for (Literal literal : literals) {
            Optional<LiteralText> text = text(literal);
            if (text.isEmpty() || (kind != null && !kind.equals(text.get().kind()))) {
                return;
            }
            kind = text.get().kind();
            values.add(text.get().value());
        }
        ObjectNode filter = result.addObject();
        filter.put("column", column);
        filter.put("operator", operator);
        filter.put("kind", kind);
        ArrayNode array = filter.putArray("values");
        values.forEach(array::add);
    }

    private record LiteralText(String kind, String value) {}

    private static Optional<LiteralText> text(Literal literal) {
        Object value = literal.value();
        if (value == null) {
            return Optional.empty();
        }
        DataType type = literal.dataType();
        if (type instanceof StringType) {
            return Optional.of(new LiteralText("STRING", value.toString()));
        }
        if (type instanceof NumericType) {
            return Optional.of(new LiteralText("NUMBER", value.toString()));
        }
        if (type instanceof BooleanType) {
            return Optional.of(new LiteralText("NUMBER", value.toString()));
        }
        if (type instanceof DateType) {
            return Optional.of(new LiteralText(
                    "DATE", LocalDate.ofEpochDay(((Number) value).longValue()).toString()));
        }
        long micros = value instanceof Number number ? number.longValue() : 0;
        Instant instant = Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1000L));
        if (type instanceof TimestampType) {
            return Optional.of(new LiteralText("TIMESTAMP", instant.toString()));
        }
        if (type instanceof TimestampNTZType) {
            return Optional.of(new LiteralText(
                    "TIMESTAMP",
                    LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString()));
        }
        return Optional.empty();
    }
}
