package dev.gantry.shared;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * Randomness is an input, as time is ({@link WallClockArchitectureTest}): production code takes the {@link Randomness}
 * bean for every id and tie-break, so a scenario seeded from its printed seed replays them all. Three rules:
 *
 * <ol>
 *   <li>No class but {@link Randomness} draws from an unseeded source: {@code UUID.randomUUID()},
 *       {@link ThreadLocalRandom}, {@code Math.random()}, {@code Collections.shuffle(list)}, the default
 *       {@link RandomGenerator}s, {@code new Random()}, {@code new SplittableRandom()}.</li>
 *   <li>Seeded generators ({@link Random}, {@link SplittableRandom}) only in {@link Randomness} and the simulated
 *       engines ({@code docker.sim}, for scale benchmarks and scenario tests), which seed theirs from the engine
 *       seed a scenario sets ({@code SimulatedDockerHostFactory.seedNewHosts}).</li>
 *   <li>{@link SecureRandom} only where a secret is made: classes marked {@link CryptographicRandomness} (the secret
 *       box's IVs and key; the security module's keys and tokens mark theirs the same way), and the embedded
 *       PostgreSQL's superuser password ({@code postgres} depends on no module, not even {@code shared}'s
 *       annotation, so it is named here). {@link Randomness} itself draws ids from one.</li>
 * </ol>
 */
class RandomnessArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.gantry");

    private static final DescribedPredicate<JavaClass> THE_RANDOMNESS_BEAN = DescribedPredicate.describe(
            "Randomness", c -> c.getName().equals(Randomness.class.getName())
                    || c.getName().startsWith(Randomness.class.getName() + "$"));

    private static final String EMBEDDED_POSTGRES = "dev.gantry.postgres.EmbeddedPostgresServer";

    static final ArchRule NO_UNSEEDED_DRAWS = noClasses().that().resideInAPackage("dev.gantry..")
            .and(not(THE_RANDOMNESS_BEAN))
            .should().callMethod(UUID.class, "randomUUID")
            .orShould().dependOnClassesThat().belongToAnyOf(ThreadLocalRandom.class, RandomGeneratorFactory.class)
            .orShould().callMethod(Math.class, "random")
            .orShould().callMethod(StrictMath.class, "random")
            .orShould().callMethod(Collections.class, "shuffle", List.class)
            .orShould().callMethod(RandomGenerator.class, "getDefault")
            .orShould().callMethod(RandomGenerator.class, "of", String.class)
            .orShould().callConstructor(Random.class)
            .orShould().callConstructor(SplittableRandom.class)
            .because("randomness is an input: take the Randomness bean (ids, tie-break seeds), so a seeded scenario "
                    + "replays every draw");

    static final ArchRule SEEDED_GENERATORS_ONLY_IN_RANDOMNESS_AND_SIMULATED_ENGINES = noClasses()
            .that().resideInAPackage("dev.gantry..").and(not(THE_RANDOMNESS_BEAN))
            .and().resideOutsideOfPackage("dev.gantry.docker.sim..")
            .should().dependOnClassesThat().belongToAnyOf(Random.class, SplittableRandom.class)
            .because("a generator of one's own is a draw the scenario's seed does not reach: take the Randomness bean");

    static final ArchRule SECURE_RANDOM_ONLY_FOR_SECRETS = noClasses()
            .that().resideInAPackage("dev.gantry..").and(not(THE_RANDOMNESS_BEAN))
            .and().areNotAnnotatedWith(CryptographicRandomness.class)
            .and().doNotHaveFullyQualifiedName(EMBEDDED_POSTGRES)
            .should().dependOnClassesThat().areAssignableTo(SecureRandom.class)
            .because("SecureRandom is for secrets (keys, IVs, passwords, tokens): mark the class that makes them "
                    + "@CryptographicRandomness; ids and tie-breaks come from the Randomness bean");

    @Test
    void productionCodeDrawsNothingButThroughTheRandomnessBean() {
        NO_UNSEEDED_DRAWS.check(MAIN);
    }

    @Test
    void seededGeneratorsOnlyInRandomnessAndTheSimulatedEngines() {
        SEEDED_GENERATORS_ONLY_IN_RANDOMNESS_AND_SIMULATED_ENGINES.check(MAIN);
    }

    @Test
    void secureRandomOnlyWhereASecretIsMade() {
        SECURE_RANDOM_ONLY_FOR_SECRETS.check(MAIN);
    }

    @Test
    void onlyTheRandomnessConfigurationCreatesTheUnpredictableSource() {
        noClasses().that().resideInAPackage("dev.gantry..").and().doNotHaveFullyQualifiedName(
                        RandomnessConfiguration.class.getName())
                .should().callMethod(Randomness.class, "unpredictable")
                .orShould().callMethod(Randomness.class, "seeded", long.class)
                .because("one bean: a second source would be a draw a test cannot replace")
                .check(MAIN);
    }

    /** The rules can fail: each of these draws is reported, and a marked maker of secrets is left alone. */
    @Test
    void theRulesReportEveryKindOfDraw() {
        JavaClasses offenders = new ClassFileImporter().importClasses(Offender.class, MakesSecrets.class);

        EvaluationResult unseeded = NO_UNSEEDED_DRAWS.evaluate(offenders);
        assertThat(unseeded.getFailureReport().getDetails()).as("unseeded draws").anySatisfy(d -> assertThat(d).contains("randomUUID"))
                .anySatisfy(d -> assertThat(d).contains("ThreadLocalRandom"))
                .anySatisfy(d -> assertThat(d).contains("Math.random"))
                .anySatisfy(d -> assertThat(d).contains("Collections.shuffle"))
                .anySatisfy(d -> assertThat(d).contains("Random.<init>()"))
                .allSatisfy(d -> assertThat(d).doesNotContain(MakesSecrets.class.getSimpleName()));
        assertThat(SEEDED_GENERATORS_ONLY_IN_RANDOMNESS_AND_SIMULATED_ENGINES.evaluate(offenders).getFailureReport()
                .getDetails()).as("own seeded generators").anySatisfy(d -> assertThat(d).contains("SplittableRandom.<init>(long)"));
        List<String> secure = SECURE_RANDOM_ONLY_FOR_SECRETS.evaluate(offenders).getFailureReport().getDetails();
        assertThat(secure).as("SecureRandom outside a maker of secrets").isNotEmpty()
                .allSatisfy(d -> assertThat(d).contains(Offender.class.getSimpleName()));
    }

    @SuppressWarnings("unused")
    static final class Offender {

        String id() {
            return UUID.randomUUID().toString();
        }

        long tieBreak() {
            return ThreadLocalRandom.current().nextLong();
        }

        double math() {
            return Math.random();
        }

        void shuffle(List<String> hosts) {
            Collections.shuffle(hosts);
        }

        int unseeded() {
            return new Random().nextInt();
        }

        long seededOfItsOwn() {
            return new SplittableRandom(7).nextLong();
        }

        byte[] notASecret() {
            byte[] bytes = new byte[16];
            new SecureRandom().nextBytes(bytes);
            return bytes;
        }
    }

    @CryptographicRandomness("a test's key")
    static final class MakesSecrets {

        byte[] key() {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return key;
        }
    }
}
