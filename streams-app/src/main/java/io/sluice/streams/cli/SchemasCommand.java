package io.sluice.streams.cli;

import io.sluice.schemas.Alert;
import io.sluice.schemas.UserRisk;
import io.sluice.schemas.serde.AvroSerializer;
import io.sluice.schemas.serde.SchemaRegistryClient;
import io.sluice.schemas.serde.SchemaRegistryClients;
import io.sluice.schemas.serde.WireFormat;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.topology.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code sluice schemas register}: registers every schema Sluice writes under its subject, with
 * BACKWARD compatibility on subjects it creates, so production can run with {@code
 * auto.register.schemas=false} (and a registry account that may only read).
 */
@Command(
    name = "schemas",
    mixinStandardHelpOptions = true,
    description = "Manage Sluice's schemas in the schema registry.",
    subcommands = {SchemasCommand.Register.class})
public final class SchemasCommand {

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = {
        "Register every Avro schema Sluice writes (canonical, alert and risk topics) under",
        "<topic>-value; subjects created get BACKWARD compatibility. Safe to run again."
      })
  static final class Register implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      SluiceConfig config = options.load();
      SchemaRegistryClient client =
          SchemaRegistryClients.forUrl(config.schemaRegistryUrl(), config.serdeConfig());
      for (Map.Entry<String, Schema> subject : subjects().entrySet()) {
        int id =
            AvroSerializer.registerWithCompatibility(client, subject.getKey(), subject.getValue());
        System.out.printf(
            "%-40s %-40s id %d%n", subject.getKey(), subject.getValue().getFullName(), id);
      }
      return 0;
    }
  }

  /** Every value subject Sluice writes, with its schema, in topic order. */
  static Map<String, Schema> subjects() {
    Map<String, Schema> subjects = new LinkedHashMap<>();
    for (CanonicalClass c : CanonicalClass.values()) {
      subjects.put(WireFormat.subject(c.topic(), false), SpecificData.get().getSchema(c.type()));
    }
    for (Rule.Area area : Rule.Area.values()) {
      subjects.put(WireFormat.subject(area.topic(), false), Alert.getClassSchema());
    }
    subjects.put(WireFormat.subject(Topics.RISK_USERS, false), UserRisk.getClassSchema());
    return subjects;
  }
}
