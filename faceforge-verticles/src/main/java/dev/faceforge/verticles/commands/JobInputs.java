package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.verticles.http.Problem;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks job input from HTTP bodies and turns it into typed command values, collecting every problem
 * into one 422: job types ({@code <namespace>.<name>}), runner ids, leases, progress ({@link JobLogLines}
 * checks log lines).
 */
public final class JobInputs {
  /** A namespaced job type: {@code core.export}, {@code <plugin-id>.<name>}. */
  public static final Pattern TYPE = Pattern.compile("^[a-z0-9][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)+$");
  private static final Pattern RUNNER_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$");
  /** Inline inputs above this size belong in an asset ({@code input_asset_id}). */
  public static final int MAX_INLINE_INPUT = 256 * 1024;
  public static final int MAX_LEASE_SECONDS = 3600;
  public static final int DEFAULT_LEASE_SECONDS = 60;

  private JobInputs() {
  }

  /** Null when {@code type} is a valid namespaced job type, else the reason. */
  public static String typeProblem(String type) {
    return type != null && type.length() <= 128 && TYPE.matcher(type).matches() ? null
        : "must be a namespaced job type such as core.export or <plugin-id>.<name>";
  }

  /** The body's {@code type}, checked (422). */
  public static String type(ObjectNode body) {
    JsonNode t = body.get("type");
    String type = t != null && t.isTextual() ? t.asText() : null;
    if (typeProblem(type) != null) {
      throw Problem.invalid("type", typeProblem(type));
    }
    return type;
  }

  /** A {@code CreateJob} from {@code {type, input, input_asset_id}} once the executor is known. */
  public static JobCommand.CreateJob create(String jobId, String type, String executor, ObjectNode body) {
    Inputs in = new Inputs("");
    ObjectNode input = in.object(body.get("input"), "input");
    String assetId = in.id(body.get("input_asset_id"), "input_asset_id", false);
    int size = input.toString().length();
    if (size > MAX_INLINE_INPUT) {
      in.error("input", "is " + size + " bytes; store inputs over " + MAX_INLINE_INPUT
          + " bytes as an asset and pass its id as input_asset_id");
    }
    in.check();
    return new JobCommand.CreateJob(jobId, type, executor, input, assetId);
  }

  /** The body's {@code runner_id} (the id {@code core} is Core's own). */
  public static String runnerId(ObjectNode body) {
    JsonNode r = body.get("runner_id");
    if (r == null || !r.isTextual() || !RUNNER_ID.matcher(r.asText()).matches()) {
      throw Problem.invalid("runner_id", "must be 1-128 letters, digits, '_', '.', ':', '@', '-'");
    }
    if (r.asText().equals(JobCommand.CORE_RUNNER)) {
      throw Problem.invalid("runner_id", "'core' is reserved for Core's in-process runner");
    }
    return r.asText();
  }

  /** {@code lease_seconds}: 1-3600, default 60. */
  public static int leaseSeconds(ObjectNode body) {
    JsonNode n = body.get("lease_seconds");
    if (n == null || n.isNull()) {
      return DEFAULT_LEASE_SECONDS;
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > MAX_LEASE_SECONDS) {
      throw Problem.invalid("lease_seconds", "must be an integer from 1 to " + MAX_LEASE_SECONDS);
    }
    return n.asInt();
  }

  /** The job types a runner offers to work: 1-100 namespaced types outside the reserved {@code core} namespace. */
  public static List<String> claimTypes(ObjectNode body) {
    Inputs in = new Inputs("");
    List<String> types = in.strings(body.get("types"), "types", 128, 100);
    for (int i = 0; i < types.size(); i++) {
      if (typeProblem(types.get(i)) != null) {
        in.error("types[" + i + "]", typeProblem(types.get(i)));
      } else if (types.get(i).startsWith(JobCommand.CORE + ".")) {
        in.error("types[" + i + "]", "the core namespace is reserved for jobs Core runs itself");
      }
    }
    if (types.isEmpty()) {
      in.error("types", "must name at least one job type");
    }
    in.check();
    return types;
  }

  /** {@code percent} (0-100 or null), {@code step} (string or null), {@code counters} (name -> number or null). */
  public static ObjectNode progress(ObjectNode body) {
    Inputs in = new Inputs("");
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    JsonNode p = body.get("percent");
    if (p != null && !(p.isNull() || p.isNumber() && p.decimalValue().signum() >= 0 && p.asDouble() <= 100)) {
      in.error("percent", "must be a number from 0 to 100, or null");
    } else if (p != null) {
      patch.set("percent", p);
    }
    if (body.has("step")) {
      patch.put("step", body.get("step").isNull() ? null : in.text(body.get("step"), "step", 500, false));
    }
    if (body.has("counters")) {
      ObjectNode counters = in.object(body.get("counters"), "counters");
      counters.fields().forEachRemaining(e -> {
        if (!e.getValue().isNumber() && !e.getValue().isNull()) {
          in.error("counters." + e.getKey(), "must be a number (or null to remove it)");
        }
      });
      patch.set("counters", counters);
    }
    in.check();
    return patch;
  }

  /** A required {@code field} of 1-{@code max} characters. */
  public static String text(ObjectNode body, String field, int max, boolean required) {
    Inputs in = new Inputs("");
    String v = in.text(body.get(field), field, max, required);
    in.check();
    return v;
  }
}
