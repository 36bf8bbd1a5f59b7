package dev.almanac.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The tables a query reads. A table read twice appears twice, each with its own filter. */
public record StatementAnalysis(List<TableReference> references) {
    public StatementAnalysis {
        references = List.copyOf(references);
    }

    /**
     * One place where a query reads a table. {@code filters} are conditions every row the query
     * uses from this reference must satisfy (a conjunction); an empty list means no restriction is
     * known. They are used to skip files, never to decide results.
     */
    public record TableReference(List<String> nameParts, List<ColumnFilter> filters) {
        public TableReference {
            nameParts = List.copyOf(nameParts);
            filters = List.copyOf(filters);
        }
    }

    /** {@code column <operator> values}; values are literal texts as the query wrote them. */
    public record ColumnFilter(String column, Operator operator, LiteralKind kind, List<String> values) {
        public ColumnFilter {
            requireNonNull(column, "column is null");
            requireNonNull(operator, "operator is null");
            requireNonNull(kind, "kind is null");
            values = List.copyOf(values);
        }
    }

    public enum Operator {
        EQUAL,
        LESS_THAN,
        LESS_THAN_OR_EQUAL,
        GREATER_THAN,
        GREATER_THAN_OR_EQUAL,
        IN,
        IS_NULL,
        IS_NOT_NULL
    }

    public enum LiteralKind {
        STRING,
        NUMBER,
        DATE,
        TIMESTAMP,
        NONE
    }
}
