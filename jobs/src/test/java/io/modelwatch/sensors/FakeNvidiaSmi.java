package io.modelwatch.sensors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.nio.file.attribute.PosixFilePermission;

/**
 * Fake {@code nvidia-smi} executables: shell scripts that check they were called with the query
 * arguments, then print a recorded output (from test resources sensors/) and exit with a given status, or
 * hang. The probe runs them through the same ProcessBuilder path as the real tool.
 */
final class FakeNvidiaSmi {
    private FakeNvidiaSmi() {}

    /** A script that prints {@code resource} and exits with {@code exit}. */
    static Path printing(Path dir, String resource, int exit) throws IOException {
        Path data = dir.resolve(resource);
        try (InputStream in = FakeNvidiaSmi.class.getResourceAsStream("/sensors/" + resource)) {
            if (in == null) throw new IOException("no test resource sensors/" + resource);
            Files.copy(in, data, StandardCopyOption.REPLACE_EXISTING);
        }
        return script(dir, "nvidia-smi-" + resource.replaceAll("\\W", "_"),
                "cat '" + data + "'\nexit " + exit + "\n");
    }

    /** A script that hangs (in a child process, as a wedged driver call would) far past any timeout. */
    static Path hanging(Path dir) throws IOException {
        return script(dir, "nvidia-smi-hung", "sleep 60\necho 'too late'\n");
    }

    private static Path script(Path dir, String name, String body) throws IOException {
        Path s = dir.resolve(name);
        String check = "case \"$*\" in\n"
                + "  *--query-gpu=index,name,uuid,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw*"
                + "--format=csv,noheader,nounits*) ;;\n"
                + "  *) echo \"unexpected arguments: $*\"; exit 64 ;;\n"
                + "esac\n";
        Files.writeString(s, "#!/bin/sh\n" + check + body);
        Files.setPosixFilePermissions(s, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        return s;
    }
}
