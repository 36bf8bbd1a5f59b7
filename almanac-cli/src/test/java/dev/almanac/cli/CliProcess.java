package dev.almanac.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs the CLI in a JVM of its own, e.g. to kill it midway. */
final class CliProcess {
    private CliProcess() {}

    static List<String> command(String... arguments) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath.split(File.pathSeparator)));
        command.add("dev.almanac.cli.Almanac");
        command.addAll(List.of(arguments));
        return command;
    }
}
