package io.modelwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** The few calls of Flink's REST API that submitting a jar needs, on the JDK's HttpClient. */
public final class FlinkRestClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRestClient(String baseUrl) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** {@code POST /jars/upload} with the jar as multipart field {@code jarfile}; returns the jar id. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "----modelwatch" + UUID.randomUUID().toString().replace("-", "");
        byte[] head = ("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName() + "\"\r\n"
                + "Content-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jar),
                        HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        JsonNode body = send(request, "upload " + jar);
        if (!"success".equals(body.path("status").asText())) {
            throw new IOException("upload of " + jar + " answered " + body);
        }
        String filename = body.path("filename").asText();
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    /** {@code POST /jars/<id>/run}: runs the jar's main in the JobManager (detached); returns the job id. */
    public String runJar(String jarId, String entryClass, List<String> programArgs) throws IOException, InterruptedException {
        ObjectNode run = JSON.createObjectNode();
        run.put("entryClass", entryClass);
        programArgs.forEach(run.putArray("programArgsList")::add);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/jars/" + jarId + "/run"))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(run)))
                .build();
        JsonNode body = send(request, "run " + jarId);
        String jobId = body.path("jobid").asText("");
        if (jobId.isEmpty()) throw new IOException("run of " + jarId + " answered no job id: " + body);
        return jobId;
    }

    /** {@code GET /jobs/<id>}: the job's details (state, duration, vertices). */
    public JsonNode job(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId);
    }

    /**
     * The job's failures from {@code GET /jobs/<id>/exceptions}, short: each exception's task and its chain of
     * causes without the stack frames. Or the error that prevented reading it.
     */
    public String exceptions(String jobId) {
        try {
            StringBuilder sb = new StringBuilder("exceptions of job " + jobId + ":\n");
            for (JsonNode entry : get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries")) {
                describe(entry, sb);
                for (JsonNode concurrent : entry.path("concurrentExceptions")) describe(concurrent, sb);
            }
            return sb.toString();
        } catch (IOException | InterruptedException e) {
            return "(exceptions not available: " + e + ")";
        }
    }

    private static void describe(JsonNode exception, StringBuilder sb) {
        sb.append("* ").append(exception.path("taskName").asText("job")).append(": ")
                .append(exception.path("exceptionName").asText()).append('\n');
        exception.path("stacktrace").asText("").lines()
                .filter(l -> !l.startsWith("\tat ") && !l.startsWith("\t..."))
                .forEach(l -> sb.append("    ").append(l).append('\n'));
    }

    /** {@code PATCH /jobs/<id>?mode=cancel}. */
    public void cancel(String jobId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                .timeout(Duration.ofSeconds(30))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) throw new IOException("cancel " + jobId + ": HTTP " + response.statusCode());
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                "GET " + path);
    }

    private JsonNode send(HttpRequest request, String what) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(what + ": HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
