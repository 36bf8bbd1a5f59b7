package dev.almanac.core.pipeline;

import java.util.ArrayList;
import java.util.List;

/** Splits a SQL script into its statements at the semicolons outside literals and comments. */
final class SqlScript {
    private SqlScript() {}

    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        int start = 0;
        for (SqlToken token : SqlTokenizer.tokenize(script)) {
            if (token.isSymbol(';')) {
                add(statements, script.substring(start, token.start()));
                start = token.end();
            }
        }
        add(statements, script.substring(start));
        return statements;
    }

    private static void add(List<String> statements, String text) {
        if (!SqlTokenizer.tokenize(text).isEmpty()) {
            statements.add(text.strip());
        }
    }
}
