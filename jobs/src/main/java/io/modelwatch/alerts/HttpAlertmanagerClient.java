package io.modelwatch.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link AlertmanagerClient} on the JDK's HttpClient. */
final class HttpAlertmanagerClient implements AlertmanagerClient {
    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;

    HttpAlertmanagerClient(AlertmanagerSettings settings) {
        this.endpoint = settings.alertsEndpoint();
        this.timeout = settings.requestTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public int post(byte[] jsonArray) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jsonArray))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
