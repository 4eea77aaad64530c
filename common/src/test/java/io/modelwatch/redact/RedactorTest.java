package io.modelwatch.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedactorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] KEY = "k3y".getBytes(StandardCharsets.UTF_8);

    private static RedactionRules rules(String... pathsAndActions) {
        Map<String, RedactionRules.Action> m = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndActions.length; i += 2) {
            m.put(pathsAndActions[i], RedactionRules.Action.parse(pathsAndActions[i + 1]));
        }
        return new RedactionRules(m);
    }

    /** The oracle: the JDK's HMAC computed here, independently of the redactor's code path. */
    private static String hmac(String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void dropsHashesAndMasksTopLevelAndFeatureFields() throws Exception {
        Redactor r = new Redactor(rules("user_id", "drop", "features.email", "hash", "features.age", "mask",
                "features.name", "mask"), KEY);
        JsonNode out = r.record("{\"ts\":1,\"model\":\"m\",\"user_id\":\"u-77\",\"features\":{\"email\":\"a@b.c\","
                + "\"age\":41.5,\"name\":\"Alice Doe\",\"x\":3}}");
        assertThat(out.has("user_id")).isFalse();
        assertThat(out.get("features").get("email").asText()).isEqualTo(hmac("a@b.c"));
        assertThat(out.get("features").get("age").intValue()).isEqualTo(0);
        assertThat(out.get("features").get("name").asText()).isEqualTo("***");
        assertThat(out.get("features").get("x").intValue()).isEqualTo(3);
        assertThat(out.get("model").asText()).isEqualTo("m");
    }

    @Test
    void aFeatureWhoseNameHoldsDotsIsFoundWhole() {
        Redactor r = new Redactor(rules("features.e.mail", "drop", "outcomes.x.y", "mask"), KEY);
        JsonNode out = r.record("{\"features\":{\"e.mail\":\"s\",\"e\":{\"mail\":\"t\"}},\"outcomes\":{\"x\":{\"y\":5}}}");
        assertThat(out.get("features").has("e.mail")).isFalse();
        // features.e.mail also names the nested {"e": {"mail": ...}}: both readings are redacted
        assertThat(out.get("features").get("e").has("mail")).isFalse();
        assertThat(out.get("outcomes").get("x").get("y").intValue()).isEqualTo(0);
    }

    @Test
    void aDuplicateKeyLeavesNothingOfTheFirstValue() {
        Redactor r = new Redactor(rules("ssn", "mask"), KEY);
        String out = r.record("{\"ssn\":\"111-22-3333\",\"ssn\":\"444\"}").toString();
        assertThat(out).doesNotContain("111-22-3333").doesNotContain("444");
    }

    @Test
    void aLineThatIsNoObjectIsStoredAsItsLengthAndDigest() throws Exception {
        Redactor r = new Redactor(rules("x", "drop"), KEY);
        String line = "{\"ts\":1,\"model\":\"m\",\"features\":{\"email\":\"secret@x\"";
        JsonNode out = r.record(line);
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertThat(out.get("unparsed_bytes").intValue()).isEqualTo(bytes.length);
        assertThat(out.get("sha256").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(out.size()).isEqualTo(2);
        // trailing content after a good object: still not one object
        assertThat(r.record("{\"a\":1} secret").has("unparsed_bytes")).isTrue();
        assertThat(r.record("[1,2]").has("unparsed_bytes")).isTrue();
    }

    @Test
    void aDeadLetterKeepsItsShapeAndLosesTheQuotedReason() throws Exception {
        Redactor r = new Redactor(rules("features.email", "drop"), KEY);
        String dl = "{\"reason\":\"unparsable ts 'secret-ts'\",\"source\":\"f.jsonl\",\"line_number\":7,"
                + "\"record\":\"{\\\"ts\\\":\\\"secret-ts\\\",\\\"model\\\":\\\"m\\\",\\\"features\\\":{\\\"email\\\":\\\"p@q\\\"}}\"}";
        JsonNode out = JSON.readTree(r.deadLetter(dl));
        assertThat(out.get("reason").asText()).isEqualTo("unparsable ts");
        assertThat(out.get("source").asText()).isEqualTo("f.jsonl");
        assertThat(out.get("line_number").intValue()).isEqualTo(7);
        JsonNode rec = JSON.readTree(out.get("record").asText());
        assertThat(rec.get("features").has("email")).isFalse();
        assertThat(rec.get("model").asText()).isEqualTo("m");

        String bad = "{\"reason\":\"malformed JSON: Unrecognized token 'hunter2': was expecting\",\"line_number\":1,"
                + "\"record\":\"{\\\"pw\\\": hunter2}\"}";
        String redacted = r.deadLetter(bad);
        assertThat(redacted).doesNotContain("hunter2");
        assertThat(JSON.readTree(redacted).get("reason").asText()).isEqualTo("malformed JSON");
        assertThat(JSON.readTree(redacted).get("record").get("unparsed_bytes").intValue()).isEqualTo(15);
    }

    @Test
    void aReasonValueIsRedactedLikeItsField() throws Exception {
        Redactor r = new Redactor(rules("features.email", "hash", "features.ssn", "drop"), KEY);
        assertThat(r.value("features.email", TextNode.valueOf("a@b")).asText()).isEqualTo(hmac("a@b"));
        assertThat(r.value("features.ssn", TextNode.valueOf("1"))).isNull();
        assertThat(r.value("features.other", TextNode.valueOf("v")).asText()).isEqualTo("v");
    }

    @Test
    void aHashRuleWithoutAKeyIsRefused() {
        assertThatThrownBy(() -> new Redactor(rules("features.email", "hash"), null))
                .isInstanceOf(RedactionException.class)
                .hasMessageContaining(RedactionRules.KEY_ENV).hasMessageContaining("features.email");
        // without a hash rule no key is needed
        new Redactor(rules("features.email", "mask"), null);
    }
}
