package dev.almanac.core.pipeline;

import dev.almanac.core.sql.Parameters;
import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.sql.StatementOutcome;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.step.PipelineStep;
import dev.almanac.spi.step.StepContext;
import dev.almanac.spi.step.StepResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Runs a {@code java} step: the {@link PipelineStep} provider of the class the step names. */
final class JavaStepRunner {
    private final SqlSession session;

    JavaStepRunner(SqlSession session) {
        this.session = session;
    }

    StepOutcome run(Step step, JavaStep settings, LocalDate date, Map<String, String> parameters) {
        PipelineStep implementation = ServiceLoader.load(PipelineStep.class).stream()
                .filter(provider -> provider.type().getName().equals(settings.className()))
                .findFirst()
                .map(ServiceLoader.Provider::get)
                .orElseThrow(() -> new AlmanacException(
                        ErrorCode.INVALID_CONFIGURATION,
                        "Step " + step.name() + " names class " + settings.className() + ", which is not a "
                                + PipelineStep.class.getName() + " on the classpath: put its jar in the"
                                + " distribution's lib folder and list the class in META-INF/services/"
                                + PipelineStep.class.getName() + " (" + step.location() + ")"));
        StepResult result;
        try {
            result = implementation.run(new Context(date, settings.options(), parameters));
        } catch (AlmanacException e) {
            throw e;
        } catch (Exception e) {
            throw new AlmanacException(
                    ErrorCode.STEP_FAILED, "Step " + step.name() + " (" + settings.className() + ") failed: " + e, e);
        }
        return new StepOutcome(step.name(), date, StepOutcome.Result.SUCCEEDED, result.rows(), result.message());
    }

    private final class Context implements StepContext {
        private final LocalDate date;
        private final Map<String, String> options;
        private final Map<String, String> parameters;

        Context(LocalDate date, Map<String, String> options, Map<String, String> parameters) {
            this.date = date;
            this.options = Map.copyOf(options);
            this.parameters = Map.copyOf(parameters);
        }

        @Override
        public LocalDate date() {
            return date;
        }

        @Override
        public Map<String, String> options() {
            return options;
        }

        @Override
        public Map<String, String> parameters() {
            return parameters;
        }

        @Override
        public List<List<Object>> query(String sql) {
            StatementOutcome outcome = session.execute(sql, parameters);
            if (!(outcome instanceof StatementOutcome.QueryOutcome query)) {
                throw new AlmanacException(
                        ErrorCode.INVALID_QUERY,
                        "query() runs queries; use execute() for: " + Parameters.substitute(sql, parameters));
            }
            List<List<Object>> rows = new ArrayList<>();
            try (QueryResult result = query.rows()) {
                int width = result.columns().size();
                while (result.next()) {
                    List<Object> row = new ArrayList<>(width);
                    for (int i = 0; i < width; i++) {
                        row.add(result.value(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }

        @Override
        public long execute(String sql) {
            StatementOutcome outcome = session.execute(sql, parameters);
            if (outcome instanceof StatementOutcome.QueryOutcome query) {
                query.rows().close();
                throw new AlmanacException(ErrorCode.INVALID_QUERY, "execute() runs writes; use query() for: " + sql);
            }
            return outcome instanceof StatementOutcome.WriteOutcome write ? write.rows() : 0;
        }
    }
}
