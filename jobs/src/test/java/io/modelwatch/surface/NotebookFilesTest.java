package io.modelwatch.surface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed notebooks: no outputs, and a first code cell tagged parameters that reads the environment. */
class NotebookFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void notebooksAreCommittedWithoutOutputsAndWithAParametersCell() throws Exception {
        for (Path nb : NotebooksITCase.notebooks()) {
            JsonNode doc = JSON.readTree(nb.toFile());
            List<JsonNode> code = new ArrayList<>();
            for (JsonNode c : doc.path("cells")) {
                if (c.path("cell_type").asText().equals("code")) code.add(c);
            }
            assertThat(code).as(nb + " code cells").isNotEmpty();
            for (JsonNode c : code) {
                assertThat(c.path("outputs").size()).as(nb + ": committed without outputs").isZero();
                assertThat(c.path("execution_count").isNull()).as(nb + ": never executed").isTrue();
            }
            JsonNode first = code.get(0);
            assertThat(first.path("metadata").path("tags").toString()).as(nb + " first code cell tag")
                    .contains("\"parameters\"");
            String source = String.join("", JSON.convertValue(first.path("source"), String[].class));
            for (String p : List.of("INFLUX_URL", "INFLUX_DB", "MODEL", "FROM", "TO", "OUTPUT_DIR")) {
                assertThat(source).as(nb + " parameter " + p).contains(p + " = os.environ.get(\"" + p + "\"");
            }
        }
    }
}
