package dev.screenshots.runtime.security;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.screenshots.model.security.TargetHost;
import dev.screenshots.testsupport.HostileInputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class UrlPolicyTest {

	private static final Map<String, List<String>> HOSTS = HostileInputs.STATIC_HOSTS;

	private final UrlPolicy policy = policy(UrlPolicyProperties.defaults(), List.of());

	@ParameterizedTest(name = "{0}")
	@MethodSource("dev.screenshots.testsupport.HostileInputs#deniedUrls")
	void deniesNonPublicTargetsInEverySpelling(String url) {
		UrlPolicy.Decision decision = this.policy.check(url);
		assertThat(decision.allowed()).as(url).isFalse();
		assertThat(decision.unresolved()).as(url).isFalse();
		assertThat(decision.reason()).isNotBlank();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("dev.screenshots.testsupport.HostileInputs#publicUrls")
	void allowsPublicTargets(String url) {
		UrlPolicy.Decision decision = this.policy.check(url);
		assertThat(decision.allowed()).as(url + ": " + decision.reason()).isTrue();
		assertThat(decision.addresses()).isNotEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("dev.screenshots.testsupport.HostileInputs#invalidUrls")
	void deniesWhatIsNotAnHttpUrlWithAValidHost(String url) {
		assertThat(this.policy.check(url).allowed()).as(url).isFalse();
	}

	@Test
	void unresolvableNamesAreNeitherAllowedNorDenied() {
		UrlPolicy.Decision decision = this.policy.check("http://no-such-host.test/");
		assertThat(decision.allowed()).isFalse();
		assertThat(decision.unresolved()).isTrue();
	}

	@Test
	void normalisesHostsTheWayBrowsersDo() {
		assertThat(TargetHost.of("http://0x7f.1:8080/").orElseThrow())
			.isEqualTo(new TargetHost("http", "127.0.0.1", 8080));
		assertThat(TargetHost.of("HTTPS://ExAmple.COM./").orElseThrow())
			.isEqualTo(new TargetHost("https", "example.com", 443));
		assertThat(TargetHost.of("http://[::ffff:7f00:1]/").orElseThrow().host()).isEqualTo("127.0.0.1");
		assertThat(TargetHost.of("http://ⓔⓧⓐⓜⓟⓛⓔ.com/").orElseThrow().host()).isEqualTo("example.com");
	}

	@Test
	void allowListAdmitsOneLoopbackPortButNotTheInfrastructureOnIt() {
		UrlPolicy local = policy(
				new UrlPolicyProperties(true, List.of("127.0.0.1"), List.of(), HOSTS, Duration.ofSeconds(1)),
				List.of("127.0.0.1:5432", "127.0.0.1:8081"));
		assertThat(local.check("http://127.0.0.1:8765/page").allowed()).isTrue();
		assertThat(local.check("http://0x7f.1:8765/page").allowed()).isTrue();
		assertThat(local.check("http://127.0.0.1:5432/").allowed()).isFalse();
		assertThat(local.check("http://2130706433:8081/actuator").allowed()).isFalse();
		assertThat(local.check("http://127.0.0.2/").allowed()).as("only the allowed address").isFalse();
		assertThat(local.check("http://localhost:8765/").allowed()).as("names are not addresses").isFalse();
	}

	@Test
	void allowByPortIsLimitedToThatPort() {
		UrlPolicy onePort = policy(new UrlPolicyProperties(true, List.of("127.0.0.1:8765", "[::1]:8765"), List.of(),
				HOSTS, Duration.ofSeconds(1)), List.of());
		assertThat(onePort.check("http://127.0.0.1:8765/").allowed()).isTrue();
		assertThat(onePort.check("http://[::1]:8765/").allowed()).isTrue();
		assertThat(onePort.check("http://127.0.0.1:8766/").allowed()).isFalse();
	}

	@Test
	void allowByNameTrustsTheOperatorsHostWhereverItResolves() {
		UrlPolicy intranet = policy(
				new UrlPolicyProperties(true, List.of("*.example.com"), List.of(), HOSTS, Duration.ofSeconds(1)),
				List.of());
		assertThat(intranet.check("https://intranet.example.com/").allowed()).isTrue();
		assertThat(intranet.check("http://10.20.30.40/").allowed()).as("not by address").isFalse();
	}

	@Test
	void denyEntriesWinOverAllowEntriesAndOverPublicAddresses() {
		UrlPolicy strict = policy(
				new UrlPolicyProperties(true, List.of("10.0.0.0/8"),
						List.of("public.test", "10.9.0.0/16", "93.184.216.0/24:443"), HOSTS, Duration.ofSeconds(1)),
				List.of());
		assertThat(strict.check("http://public.test/").allowed()).isFalse();
		assertThat(strict.check("https://93.184.216.34/").allowed()).isFalse();
		assertThat(strict.check("http://93.184.216.34/").allowed()).isTrue();
		assertThat(strict.check("http://10.1.0.1/").allowed()).isTrue();
		assertThat(strict.check("http://10.9.0.1/").allowed()).isFalse();
	}

	@Test
	void disabledPolicyStillDeniesTheInfrastructureAndDenyEntries() {
		UrlPolicy off = policy(
				new UrlPolicyProperties(false, List.of(), List.of("evil.test"), HOSTS, Duration.ofSeconds(1)),
				List.of("127.0.0.1:5672"));
		assertThat(off.check("http://10.0.0.1/").allowed()).isTrue();
		assertThat(off.check("http://evil.test/").allowed()).isFalse();
		assertThat(off.check("http://127.0.0.1:5672/").allowed()).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(
			strings = { "", "http://x", "10.0.0.0/33", "[::1", "host:0", "host:70000", "*.", "bad_host", "fd00::/129" })
	void invalidPolicyEntriesAreRejectedAtStartUpNamingTheProperty(String entry) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new UrlPolicyProperties(true, List.of(entry), List.of(), Map.of(), Duration.ofSeconds(1)))
			.withMessageContaining("security.url-policy.allow");
	}

	private static UrlPolicy policy(UrlPolicyProperties properties, List<String> infrastructure) {
		UrlPolicyProperties withHosts = new UrlPolicyProperties(properties.enabled(), properties.allow(),
				properties.deny(), HOSTS, properties.resolveTimeout());
		return new UrlPolicy(withHosts, infrastructure, (host) -> {
			throw new UnknownHostException(host);
		});
	}

}
