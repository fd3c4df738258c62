package org.openupdate.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A number no double can hold is judged by the schema like any other value, never thrown. */
class LargeNumbersTest {

  @Test
  void shouldReportANumberBeyondADoubleWhereAnEnumIsExpected() {
    byte[] report =
        ("{\"reportId\":\"r-000001\",\"clientId\":\"c1\",\"version\":\"2.4.1\",\"status\":1e99999,"
                + "\"timestamp\":\"2024-03-15T10:00:00Z\"}")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(SchemaValidator.instance().validate(SchemaType.STATUS_REPORT, report))
        .extracting(SchemaViolation::pointer)
        .containsExactly("/status");
  }
}
