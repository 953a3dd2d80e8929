package dev.screenshots.worker.blocking;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host a request's URL names, as the domain rules look it up.
 */
class NetworkRequestTest {

	@Test
	void theHostIsReadWithoutSchemeUserInfoPortPathQueryOrFragment() {
		assertThat(NetworkRequest.hostOf("https://Ads.Example.com/x.js?a=1#f")).isEqualTo("ads.example.com");
		assertThat(NetworkRequest.hostOf("https://user:pw@ads.example.com:8443/x")).isEqualTo("ads.example.com");
		assertThat(NetworkRequest.hostOf("http://ads.example.com")).isEqualTo("ads.example.com");
		assertThat(NetworkRequest.hostOf("http://ads.example.com?x=1")).isEqualTo("ads.example.com");
		assertThat(NetworkRequest.hostOf("wss://live.example.com:443#x")).isEqualTo("live.example.com");
		assertThat(NetworkRequest.hostOf("http://[::1]:8080/x")).isEqualTo("[::1]");
		assertThat(NetworkRequest.hostOf("http://127.0.0.1:9000/x")).isEqualTo("127.0.0.1");
		assertThat(NetworkRequest.hostOf("https://ads.example.com.:443/x")).isEqualTo("ads.example.com");
	}

	@Test
	void urlsThatJavaNetUriRefusesStillHaveTheirHost() {
		assertThat(NetworkRequest.hostOf("https://ad_server.example.com/x.js")).isEqualTo("ad_server.example.com");
		assertThat(NetworkRequest.hostOf("https://t.example.com/p?ids=1|2&q={a}^")).isEqualTo("t.example.com");
		assertThat(NetworkRequest.hostOf("https://t.example.com/a b")).isEqualTo("t.example.com");
	}

	@Test
	void urlsWithoutAHostHaveNone() {
		assertThat(NetworkRequest.hostOf(null)).isEmpty();
		assertThat(NetworkRequest.hostOf("about:blank")).isEmpty();
		assertThat(NetworkRequest.hostOf("data:text/html,<a href=https://x.test/>")).isEmpty();
		assertThat(NetworkRequest.hostOf("blob:https://example.com/0b1c")).isEmpty();
		assertThat(NetworkRequest.hostOf("://example.com/")).isEmpty();
		assertThat(NetworkRequest.hostOf("file:///etc/hosts")).isEmpty();
	}

	@Test
	void aDomainRuleStopsRequestsToSuchHosts() {
		NetworkRules rules = NetworkRules
			.of("""
					[{"id":1,"action":{"type":"block"},"condition":{"urlFilter":"||ads.example^"}},
					 {"id":2,"action":{"type":"block"},"condition":{"urlFilter":"||track.example^","resourceTypes":["script"]}}]""");
		assertThat(rules
			.blocks(NetworkRequest.of("https://ad_1.ads.example/x.js", "script", false, "https://site.test/", "GET")))
			.isTrue();
		assertThat(rules.blocks(
				NetworkRequest.of("https://track.example/t.js?ids=1|2", "script", false, "https://site.test/", "GET")))
			.isTrue();
	}

}
