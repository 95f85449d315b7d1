package dev.faceforge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When {@code serve} starts Core in a child JVM, and with which command line. */
class JvmRelaunchTest {
  private static final Optional<String> JAVA = Optional.of("/opt/jdk/bin/java");
  private static final String[] ARGS = {"serve", "--port", "0"};

  @Test
  void theChildGetsThisJvmsOptionsThenTheHugeMethodOnesThenTheSameClassPathAndArguments() {
    assertThat(JvmRelaunch.command(List.of("-Xmx512m", "-Dfile.encoding=UTF-8"), Map.of(), JAVA, "faceforge.jar", ARGS))
        .contains(List.of("/opt/jdk/bin/java", "-Xmx512m", "-Dfile.encoding=UTF-8",
            "-XX:+IgnoreUnrecognizedVMOptions", "-XX:-DontCompileHugeMethods", "-cp", "faceforge.jar",
            "dev.faceforge.launcher.Main", "serve", "--port", "0"));
  }

  @Test
  void noRelaunchWhenTheJvmHasTheOptionIsAChildIsToldNotToOrCannotTell() {
    assertThat(JvmRelaunch.command(List.of("-XX:-DontCompileHugeMethods"), Map.of(), JAVA, "f.jar", ARGS)).isEmpty();
    assertThat(JvmRelaunch.command(List.of(), Map.of("FACEFORGE_LAUNCHER_PID", "12"), JAVA, "f.jar", ARGS)).isEmpty();
    assertThat(JvmRelaunch.command(List.of(), Map.of("FACEFORGE_NO_RELAUNCH", "1"), JAVA, "f.jar", ARGS)).isEmpty();
    assertThat(JvmRelaunch.command(List.of(), Map.of(), Optional.empty(), "f.jar", ARGS)).isEmpty();
    assertThat(JvmRelaunch.command(List.of(), Map.of(), JAVA, "", ARGS)).isEmpty();
  }

  @Test
  void noRelaunchUnderADebuggerAProfilerAgentOrAFlightRecording() {
    for (String option : List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-javaagent:x.jar",
        "-agentpath:/lib/libasync.so", "-XX:StartFlightRecording=filename=a.jfr", "-Xdebug")) {
      assertThat(JvmRelaunch.command(List.of("-Xmx1g", option), Map.of(), JAVA, "f.jar", ARGS)).as(option).isEmpty();
    }
  }
}
