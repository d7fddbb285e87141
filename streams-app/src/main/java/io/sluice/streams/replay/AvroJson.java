package io.sluice.streams.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

/**
 * Renders an Avro datum as plain JSON for people and scripts: the schema's field names, unions
 * unwrapped to their value (no {@code {"string": ...}} wrappers as in Avro's JSON encoding), enums
 * as their symbol, {@code timestamp-millis} as ISO-8601 text.
 */
public final class AvroJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroJson() {}

  public static JsonNode toJson(IndexedRecord record) {
    return toJson(record, record.getSchema());
  }

  static JsonNode toJson(Object datum, Schema schema) {
    if (datum == null) {
      return NODES.nullNode();
    }
    return switch (schema.getType()) {
      case UNION ->
          toJson(datum, schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)));
      case RECORD -> {
        IndexedRecord record = (IndexedRecord) datum;
        ObjectNode object = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
          object.set(field.name(), toJson(record.get(field.pos()), field.schema()));
        }
        yield object;
      }
      case MAP -> {
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) datum).entrySet()) {
          object.set(e.getKey().toString(), toJson(e.getValue(), schema.getValueType()));
        }
        yield object;
      }
      case ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        for (Object item : (Collection<?>) datum) {
          array.add(toJson(item, schema.getElementType()));
        }
        yield array;
      }
      case LONG -> {
        LogicalType logical = schema.getLogicalType();
        if (datum instanceof Instant instant) {
          yield NODES.textNode(instant.toString());
        }
        long value = ((Number) datum).longValue();
        yield logical instanceof LogicalTypes.TimestampMillis
            ? NODES.textNode(Instant.ofEpochMilli(value).toString())
            : NODES.numberNode(value);
      }
      case INT -> NODES.numberNode(((Number) datum).intValue());
      case FLOAT, DOUBLE -> NODES.numberNode(((Number) datum).doubleValue());
      case BOOLEAN -> NODES.booleanNode((Boolean) datum);
      case BYTES -> {
        ByteBuffer buffer = ((ByteBuffer) datum).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        yield NODES.textNode(Base64.getEncoder().encodeToString(bytes));
      }
      case NULL -> NODES.nullNode();
      default -> NODES.textNode(datum.toString()); // STRING, ENUM, FIXED
    };
  }
}
