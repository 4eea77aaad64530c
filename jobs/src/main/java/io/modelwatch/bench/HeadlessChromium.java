package io.modelwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium driven over the DevTools protocol (a WebSocket from Java's HttpClient, no
 * browser-driver library): opens a page, waits until it says it is ready, evaluates expressions, takes
 * screenshots, and records everything that would mean the page is broken or not self-contained: console
 * errors and warnings, uncaught exceptions, browser log errors (a Content-Security-Policy refusal among them),
 * JavaScript dialogs, and any network request besides the page itself. Used by the report's browser test and
 * by {@code bench report}.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EXECUTABLES = List.of("chromium", "chromium-browser", "google-chrome");

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private volatile String pageUrl = "about:blank";

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /**
     * Starts Chromium with a new empty profile under {@code workDir} and a window of {@code width} x {@code height}.
     * A missing browser is an {@link IllegalStateException} that says how to install it.
     */
    public static HeadlessChromium start(Path workDir, int width, int height) throws IOException, InterruptedException {
        String exe = executable();
        Path profile = Files.createTempDirectory(Files.createDirectories(workDir), "chromium-profile");
        Path log = profile.resolveSibling(profile.getFileName() + ".log");
        List<String> cmd = new ArrayList<>(List.of(exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=" + width + "," + height,
                "--hide-scrollbars", "about:blank"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).size() < 2) {
                if (!p.isAlive()) throw new IllegalStateException(exe + " exited with " + p.exitValue() + " at start: " + tail(log));
                if (System.nanoTime() > deadline) throw new IllegalStateException(exe + " did not open its DevTools port in 60 s: " + tail(log));
                Thread.sleep(100);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String ws = null;
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText())) ws = t.path("webSocketDebuggerUrl").asText();
            }
            if (ws == null) throw new IllegalStateException(exe + " has no page target: " + targets);
            HeadlessChromium[] self = new HeadlessChromium[1];
            Listener listener = new Listener(self);
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), listener).get(30, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(p, socket);
            self[0].send("Page.enable", null);
            self[0].send("Runtime.enable", null);
            self[0].send("Log.enable", null);
            self[0].send("Network.enable", null);
            // A page that called alert() (injected markup would) leaves a trace instead of blocking on a dialog.
            ObjectNode script = JSON.createObjectNode().put("source",
                    "window.__dialogs = 0; window.alert = window.confirm = window.prompt = function () { window.__dialogs++; };");
            self[0].send("Page.addScriptToEvaluateOnNewDocument", script);
            return self[0];
        } catch (RuntimeException | IOException | InterruptedException e) {
            p.destroyForcibly();
            throw e;
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("cannot connect to " + exe + "'s DevTools: " + e, e);
        }
    }

    private static String executable() {
        String explicit = System.getenv("MODELWATCH_CHROMIUM");
        if (explicit != null && !explicit.isEmpty()) return explicit;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : EXECUTABLES) {
                if (Files.isExecutable(Path.of(dir, name))) return Path.of(dir, name).toString();
            }
        }
        throw new IllegalStateException("no chromium on PATH (nor MODELWATCH_CHROMIUM): install Debian's chromium "
                + "(apt-get install -y chromium; bin/test does it)");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Opens {@code url} and waits until {@code readyExpression} is true; returns the milliseconds that took. */
    public double open(URI url, String readyExpression, Duration timeout) throws InterruptedException {
        pageUrl = url.toString();
        long start = System.nanoTime();
        send("Page.navigate", JSON.createObjectNode().put("url", pageUrl));
        long deadline = start + timeout.toNanos();
        while (!evaluate(readyExpression).asBoolean(false)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the page did not become ready in " + timeout.toSeconds() + " s; problems: " + problems);
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** The value of a JavaScript expression (promises awaited), as JSON. */
    public JsonNode evaluate(String expression) {
        JsonNode r = send("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("evaluating " + expression + " threw: " + r.path("exceptionDetails").toString());
        }
        return r.path("result").path("value");
    }

    /** A PNG of the page from {@code y} down (beyond the window), at most {@code maxHeight} CSS pixels tall. */
    public void screenshot(Path png, int y, int maxHeight) throws IOException {
        JsonNode size = send("Page.getLayoutMetrics", null).path("cssContentSize");
        double height = Math.max(1, Math.min(maxHeight, size.path("height").asDouble() - y));
        ObjectNode clip = JSON.createObjectNode().put("x", 0).put("y", y).put("width", size.path("width").asDouble())
                .put("height", height).put("scale", 1);
        ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
        params.set("clip", clip);
        JsonNode shot = send("Page.captureScreenshot", params);
        Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    /**
     * Chromium's own counters of the page's main thread, in seconds (TaskDuration: busy, ScriptDuration: running
     * JavaScript, LayoutDuration, RecalcStyleDuration) and JSHeapUsedSize in bytes; cumulative, so take the
     * difference of two calls.
     */
    public Map<String, Double> metrics() {
        send("Performance.enable", null);
        Map<String, Double> m = new java.util.TreeMap<>();
        for (JsonNode n : send("Performance.getMetrics", null).path("metrics")) m.put(n.path("name").asText(), n.path("value").asDouble());
        return m;
    }

    /** Console errors and warnings, exceptions, log errors, dialogs and foreign requests seen so far. */
    public List<String> problems() {
        return new ArrayList<>(problems);
    }

    /** One DevTools command; its result, or an IllegalStateException with the browser's error. */
    public JsonNode send(String method, JsonNode params) {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        if (params != null) msg.set("params", params);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        try {
            socket.sendText(JSON.writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
            JsonNode r = f.get(120, TimeUnit.SECONDS);
            if (r.has("error")) throw new IllegalStateException(method + ": " + r.path("error"));
            return r.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        } catch (Exception e) {
            if (e instanceof IllegalStateException) throw (IllegalStateException) e;
            throw new IllegalStateException(method + " failed: " + e, e);
        } finally {
            pending.remove(id);
        }
    }

    private void onMessage(JsonNode m) {
        if (m.has("id")) {
            CompletableFuture<JsonNode> f = pending.get(m.path("id").asInt());
            if (f != null) f.complete(m);
            return;
        }
        JsonNode p = m.path("params");
        switch (m.path("method").asText()) {
            case "Runtime.consoleAPICalled": {
                String type = p.path("type").asText();
                if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
                    StringBuilder sb = new StringBuilder("console." + type + ":");
                    for (JsonNode a : p.path("args")) sb.append(' ').append(a.has("value") ? a.path("value").asText() : a.path("description").asText());
                    problems.add(sb.toString());
                }
                break;
            }
            case "Runtime.exceptionThrown":
                problems.add("exception: " + p.path("exceptionDetails").path("exception").path("description").asText(
                        p.path("exceptionDetails").path("text").asText()));
                break;
            case "Log.entryAdded": {
                JsonNode e = p.path("entry");
                if (e.path("level").asText().equals("error") || e.path("level").asText().equals("warning")) {
                    problems.add("log." + e.path("level").asText() + " (" + e.path("source").asText() + "): " + e.path("text").asText()
                            + (e.has("url") ? " " + e.path("url").asText() : ""));
                }
                break;
            }
            case "Page.javascriptDialogOpening":
                problems.add("dialog: " + p.path("type").asText() + " " + p.path("message").asText());
                break;
            case "Network.requestWillBeSent": {
                String url = p.path("request").path("url").asText();
                if (!url.equals(pageUrl) && !url.startsWith("data:") && !url.equals("about:blank")) problems.add("network request: " + url);
                break;
            }
            default:
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            send("Browser.close", null);
        } catch (RuntimeException ignored) {
            // Already gone: destroy below.
        }
        socket.abort();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Collects a message's frames and hands the whole message on. */
    private static final class Listener implements WebSocket.Listener {
        private final HeadlessChromium[] owner;
        private final StringBuilder buffer = new StringBuilder();

        Listener(HeadlessChromium[] owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                try {
                    // Nothing is sent before the owner exists, so nothing arrives before it either.
                    if (owner[0] != null) owner[0].onMessage(JSON.readTree(text));
                } catch (IOException e) {
                    // Not JSON: DevTools only sends JSON, so ignore the frame.
                }
            }
            ws.request(1);
            return null;
        }
    }
}
