package dev.screenshots.model.security;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class UrlPolicyTest {

	private static final Map<String, List<String>> HOSTS = Map.of("public.test", List.of("93.184.216.34"), "evil.test",
			List.of("10.0.0.1"), "metadata.test", List.of("169.254.169.254"), "rebind.test",
			List.of("93.184.216.34", "127.0.0.1"), "v6.test", List.of("2606:2800:220:1:248:1893:25c8:1946"),
			"mapped.test", List.of("::ffff:192.168.1.1"), "intranet.example.com", List.of("10.20.30.40"));

	private final UrlPolicy policy = policy(UrlPolicyProperties.defaults(), List.of());

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = {
			// loopback, every IPv4 spelling browsers accept
			"http://127.0.0.1/", "http://127.0.0.1:8080/admin", "http://127.1/", "http://127.0.1/",
			"http://2130706433/", "http://0x7f000001/", "http://0x7f.0x0.0x0.0x1/", "http://0177.0.0.1/",
			"http://017700000001/", "http://0x7f.1/", "http://127.000.000.001/", "http://127.0.0.1./",
			"http://127.0.0.1../", "http://127.255.255.254/", "http://%31%32%37.0.0.1/", "http://0/", "http://0.0.0.0/",
			"http://0x0/",
			// loopback names
			"http://localhost/", "http://LOCALHOST/", "http://localhost./", "http://app.localhost/",
			"http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/", "http://user:pass@localhost:5432/",
			// private, link-local, CGNAT, metadata
			"http://10.0.0.1/", "http://10.255.255.255/", "http://012.0.0.1/", "http://167772161/",
			"http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.0.1/", "http://192.168.1.1:8443/",
			"http://169.254.169.254/latest/meta-data/", "http://0xa9fea9fe/", "http://2852039166/",
			"http://169.254.0.1/", "http://100.64.0.1/", "http://100.127.255.255/",
			// multicast, broadcast, reserved, documentation, benchmarking, IETF
			"http://224.0.0.1/", "http://239.255.255.250/", "http://255.255.255.255/", "http://240.0.0.1/",
			"http://192.0.2.1/", "http://198.51.100.7/", "http://203.0.113.9/", "http://198.18.0.1/",
			"http://192.0.0.8/", "http://192.88.99.1/",
			// IPv6 loopback, unspecified, ULA, link-local, site-local, multicast,
			// documentation
			"http://[::1]/", "http://[0:0:0:0:0:0:0:1]/", "http://[::1]:8081/actuator", "http://[::]/",
			"http://[fc00::1]/", "http://[fd12:3456:789a::1]/", "http://[fe80::1]/", "http://[febf::1]/",
			"http://[fec0::1]/", "http://[ff02::1]/", "http://[2001:db8::1]/", "http://[100::1]/",
			// IPv6 embedding a denied IPv4
			"http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[::ffff:10.0.0.1]/",
			"http://[::ffff:169.254.169.254]/", "http://[::127.0.0.1]/", "http://[::a00:1]/",
			"http://[64:ff9b::127.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[64:ff9b:1::1]/",
			"http://[2002:7f00:1::]/", "http://[2002:a9fe:a9fe::1]/", "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
			"http://[2001::3fff:fffe:80ff:fffe]/",
			// names that resolve to denied addresses
			"http://evil.test/", "http://metadata.test/latest", "http://rebind.test/", "http://mapped.test/",
			"http://EVIL.TEST./", "https://evil.test:8443/x" })
	void deniesNonPublicTargetsInEverySpelling(String url) {
		UrlPolicy.Decision decision = this.policy.check(url);
		assertThat(decision.allowed()).as(url).isFalse();
		assertThat(decision.unresolved()).as(url).isFalse();
		assertThat(decision.reason()).isNotBlank();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "http://public.test/", "https://public.test:8443/path?q=1", "http://93.184.216.34/",
			"http://1.1.1.1/", "http://8.8.8.8:53/", "http://[2606:2800:220:1:248:1893:25c8:1946]/", "http://v6.test/",
			"http://[2002:5db8:d822::1]/", "http://[64:ff9b::808:808]/", "http://100.128.0.1/", "http://172.32.0.1/",
			"http://192.169.0.1/", "http://11.0.0.1/", "http://PUBLIC.test./", "http://user:pw@public.test/" })
	void allowsPublicTargets(String url) {
		UrlPolicy.Decision decision = this.policy.check(url);
		assertThat(decision.allowed()).as(url + ": " + decision.reason()).isTrue();
		assertThat(decision.addresses()).isNotEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ftp://public.test/", "file:///etc/passwd", "gopher://127.0.0.1:25/",
			"javascript:alert(1)", "data:text/html,hi", "http://", "http:///x", "http://[::1/", "http://1.2.3.4.5/",
			"http://256.0.0.1/", "http://0x100000000/", "http://1.2.3.09/", "http://exa mple.com/",
			"http://example.com:99999/", "http://example.com:-1/", "http://[fe80::1%25eth0]/", "ws://public.test/",
			"http://a%zz/" })
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
