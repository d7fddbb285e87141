# Sluice: the streams app, the connectors and the sandbox (demo, simulate) in one image.
#   docker build -t sluice .
#   docker run --rm sluice --version
#   docker run --rm -e SLUICE_BOOTSTRAP_SERVERS=kafka:9092 \
#     -e SLUICE_SCHEMA_REGISTRY_URL=http://registry:8081 sluice streams
#   docker run --rm -e OKTA_API_TOKEN_FILE=/run/secrets/okta sluice connector okta --base-url ...
# The first word picks the runnable, as ./sluice does (deploy/docker/sluice).

# --- build: the three thin jars and their lib/ folders --------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# poms first, so that a source change does not download the dependencies again
COPY pom.xml ./
COPY http/pom.xml http/
COPY schemas/pom.xml schemas/
COPY streams-app/pom.xml streams-app/
COPY connectors/pom.xml connectors/
COPY sandbox/harness/pom.xml sandbox/harness/
COPY sandbox/demo/pom.xml sandbox/demo/
COPY bench/pom.xml bench/
RUN mvn -B -ntp -q -pl streams-app,connectors,sandbox/demo -am dependency:go-offline || true
COPY . .
RUN mvn -B -ntp -q -pl streams-app,connectors,sandbox/demo -am \
      -DskipTests -Dspotless.check.skip=true package

# --- run: JRE 17, no shell tools beyond the base image, not root ----------------------------------
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 sluice \
 && useradd --system --uid 10001 --gid sluice --home-dir /opt/sluice --shell /usr/sbin/nologin sluice \
 && mkdir -p /var/lib/sluice /etc/sluice/rules \
 && chown sluice:sluice /var/lib/sluice
COPY --from=build /src/streams-app/target/sluice-streams.jar /opt/sluice/streams/
COPY --from=build /src/streams-app/target/lib/ /opt/sluice/streams/lib/
COPY --from=build /src/connectors/target/sluice-connectors.jar /opt/sluice/connectors/
COPY --from=build /src/connectors/target/lib/ /opt/sluice/connectors/lib/
COPY --from=build /src/sandbox/demo/target/sluice-sandbox.jar /opt/sluice/sandbox/
COPY --from=build /src/sandbox/demo/target/lib/ /opt/sluice/sandbox/lib/
COPY deploy/docker/sluice /opt/sluice/bin/sluice
ENV SLUICE_STATE_DIR=/var/lib/sluice \
    SLUICE_HTTP_BIND=0.0.0.0 \
    SLUICE_JAVA_OPTS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
WORKDIR /opt/sluice
EXPOSE 8080 8081
VOLUME ["/var/lib/sluice"]
ENTRYPOINT ["/opt/sluice/bin/sluice"]
CMD ["streams"]
