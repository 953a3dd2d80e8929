package dev.screenshots.api.render;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.screenshots.api.SignedLinks;
import dev.screenshots.api.system.InvalidFieldException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RenderLinkTest {

	@Test
	void canonicalQueryEncodesPerRfc3986LeavesOutTheSignatureAndSortsByNameThenValue() {
		RenderLink link = RenderLink.parse("url=https%3A%2F%2Fexample.com%2Fa%20b%3Fq%3D1&width=1200"
				+ "&hideSelectors=.b&hideSelectors=.a&extraHeaders.X-Y=1&extraHeaders.X=%C3%A9+~*"
				+ "&signature=abc&key=k");

		assertThat(link.canonical()).isEqualTo("extraHeaders.X=%C3%A9%20~%2A&extraHeaders.X-Y=1"
				+ "&hideSelectors=.a&hideSelectors=.b&key=k&url=https%3A%2F%2Fexample.com%2Fa%20b%3Fq%3D1&width=1200");
	}

	@Test
	void signatureMatchesAnIndependentImplementationOfTheDocumentedAlgorithm() {
		List<Map.Entry<String, String>> params = List.of(Map.entry("url", "https://example.com/ä ö?x=1&y=2"),
				Map.entry("extraHeaders.X-Y", "1"), Map.entry("extraHeaders.X", "a b"), Map.entry("width", "800"),
				Map.entry("key", "0f1e2d3c-0000-4000-8000-000000000000"), Map.entry("expires", "1893456000"));
		String secret = "rsec_00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
		String signed = SignedLinks.sign(secret, params);

		RenderLink link = RenderLink.parse(signed.substring(signed.indexOf('?') + 1));

		assertThat(link.single("signature")).contains(SignedLinks.signature(secret, params));
		assertThat(RenderLink.sign(secret, link.canonical())).isEqualTo(SignedLinks.signature(secret, params));
		assertThat(link.single("url")).contains("https://example.com/ä ö?x=1&y=2");
	}

	@Test
	void plusInALinkIsASpaceAndAParameterWithoutValueIsEmpty() {
		RenderLink link = RenderLink.parse("css=a+b&fullPage&&x=");

		assertThat(link.params()).containsExactly(new RenderLink.Param("css", "a b"),
				new RenderLink.Param("fullPage", ""), new RenderLink.Param("x", ""));
		assertThat(link.canonical()).isEqualTo("css=a%20b&fullPage=&x=");
	}

	@Test
	void malformedPercentEncodingNamesTheParameter() {
		assertThatExceptionOfType(InvalidFieldException.class).isThrownBy(() -> RenderLink.parse("url=%E0%A4%A"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("url"));
	}

	@Test
	void aParameterGivenTwiceWhereOneIsAllowedIsRefused() {
		RenderLink link = RenderLink.parse("url=a&url=b");

		assertThatExceptionOfType(InvalidFieldException.class).isThrownBy(() -> link.single("url"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("url"));
	}

}
