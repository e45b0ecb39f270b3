package io.tracebridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortTest {
  @Test
  void freePortsAreBindableDistinctAndBelowTheEphemeralRangeOutgoingConnectionsUse()
      throws IOException {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    int ephemeralStart =
        Files.isReadable(range)
            ? Integer.parseInt(Files.readString(range).trim().split("\\s+")[0])
            : 32_768;
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      int port = DemoProcesses.freePort();
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
      if (ephemeralStart >= 21_000) {
        assertThat(port).isBetween(20_000, ephemeralStart - 1);
      }
      try (ServerSocket socket = new ServerSocket(port)) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
  }
}
