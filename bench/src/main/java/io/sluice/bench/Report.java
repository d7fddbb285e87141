package io.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.util.Map;

/** A bench's figures: written to {@code --json FILE} and printed on stdout. */
final class Report {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Report() {}

  static void write(File file, Map<String, Object> report, Map<String, Object> printed)
      throws IOException {
    JSON.writeValue(file, report);
    System.out.println(JSON.writeValueAsString(printed));
  }
}
