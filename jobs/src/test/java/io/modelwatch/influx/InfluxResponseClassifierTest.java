package io.modelwatch.influx;

import io.modelwatch.influx.InfluxResponseClassifier.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class InfluxResponseClassifierTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "204 | ''                                                                   | SUCCESS",
        "200 | ''                                                                   | SUCCESS",
        "400 | {\"error\":\"partial write: field type conflict: ... dropped=1\"}     | PARTIAL_WRITE",
        "400 | {\"error\":\"unable to parse 'bad line': invalid field format\"}      | PARTIAL_WRITE",
        "400 | {\"error\":\"field type conflict\"}                                   | PARTIAL_WRITE",
        "401 | {\"error\":\"authorization failed\"}                                  | FATAL",
        "403 | {\"error\":\"user is not authorized to write to database\"}           | FATAL",
        "404 | {\"error\":\"database not found: \\\"x\\\"\"}                         | FATAL",
        "413 | {\"error\":\"Request Entity Too Large\"}                              | FATAL",
        "405 | ''                                                                   | FATAL",
        "408 | ''                                                                   | RETRYABLE",
        "429 | ''                                                                   | RETRYABLE",
        "500 | {\"error\":\"timeout\"}                                               | RETRYABLE",
        "500 | {\"error\":\"retention policy not found: nope\"}                      | FATAL",
        "502 | ''                                                                   | RETRYABLE",
        "503 | ''                                                                   | RETRYABLE",
        "504 | ''                                                                   | RETRYABLE",
    })
    void statusAndBodyDecideTheOutcome(int status, String body, Outcome expected) {
        assertThat(InfluxResponseClassifier.classify(status, body)).isEqualTo(expected);
    }

    @Test
    void noAnswerAtAllIsRetryable() {
        assertThat(InfluxResponseClassifier.classify(new ConnectException("refused"))).isEqualTo(Outcome.RETRYABLE);
        assertThat(InfluxResponseClassifier.classify(new HttpTimeoutException("slow"))).isEqualTo(Outcome.RETRYABLE);
        assertThat(InfluxResponseClassifier.classify(new IOException("reset"))).isEqualTo(Outcome.RETRYABLE);
        assertThat(InfluxResponseClassifier.classify(new IllegalStateException("bug"))).isEqualTo(Outcome.FATAL);
    }

    @Test
    void wrongCredentialsMessageNamesTheVariablesToSetAndHidesThePassword() {
        String m = InfluxResponseClassifier.fatalMessage(401, "{\"error\":\"authorization failed\"}",
                "http://h:8086/db", "db", InfluxCredentials.basic("bob", "hunter2"));
        assertThat(m).contains("INFLUX_USER/INFLUX_PASSWORD", "INFLUX_TOKEN", "user 'bob'", "authorization failed")
                .doesNotContain("hunter2").doesNotContain("\n");
    }

    @Test
    void unknownDatabaseMessageSuggestsCreatingIt() {
        String m = InfluxResponseClassifier.fatalMessage(404, "{\"error\":\"database not found: \\\"db\\\"\"}",
                "http://h:8086/db", "db", InfluxCredentials.none());
        assertThat(m).contains("no database 'db'", "--influx-create-db").doesNotContain("\n");
    }

    @Test
    void errorTextIsTakenOutOfInfluxDbsJson() {
        assertThat(InfluxResponseClassifier.errorText("{\"error\":\"unable to parse 'a\\\\ b': x\"}\n"))
                .isEqualTo("unable to parse 'a\\ b': x");
    }
}
