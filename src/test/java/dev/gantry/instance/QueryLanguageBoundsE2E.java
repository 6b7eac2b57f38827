package dev.gantry.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gantry.E2ESupport;
import dev.gantry.RigHosts;
import dev.gantry.TestCredentials;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reproduction over HTTP: {@code attribute:probe =~ '(.*a){20}c'} against a 40-character attribute
 * kept a ListContainerInstances request busy past 30 s (catastrophic backtracking in an API thread). Now it
 * answers, and over-deep or over-long filters are a 400 naming the limit.
 */
class QueryLanguageBoundsE2E extends E2ESupport {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Value("${local.server.port}")
    int port;

    @Test
    void aPathologicalRegexFilterAnswersAndDeepOrLongFiltersAreRefused() {
        String instance = register(Map.of("dockerEndpoint", RigHosts.unixSocket(1),
                "attributes", List.of(Map.of("name", "probe", "value", "a".repeat(40))))).get("ec2InstanceId").asString();

        // a hang guard, not a timing target: the request used to run for minutes
        HttpResponse<String> pathological = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> list("attribute:probe =~ '(.*a){20}c'"));
        assertThat(pathological.statusCode()).isEqualTo(200);
        assertThat(items(pathological)).isEmpty();
        assertThat(items(list("attribute:probe =~ 'a{40}'"))).containsExactly(instance);

        HttpResponse<String> deep = list("(".repeat(40) + "attribute:probe exists" + ")".repeat(40));
        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(deep.body()).contains("InvalidParameterException").contains("nest more than 32");
        HttpResponse<String> longFilter = list("attribute:probe == " + "b".repeat(2000));
        assertThat(longFilter.statusCode()).isEqualTo(400);
        assertThat(longFilter.body()).contains("limit is 2000");
    }

    private HttpResponse<String> list(String filter) {
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/clusters/" + cluster + "/container-instances?filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8));
        try {
            return CLIENT.send(TestCredentials.request(uri).timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + uri, e);
        }
    }

    private static List<String> items(HttpResponse<String> response) {
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        return body.get("items").valueStream().map(i -> i.get("ec2InstanceId").asString()).toList();
    }
}
