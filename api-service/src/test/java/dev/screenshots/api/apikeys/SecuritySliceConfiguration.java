package dev.screenshots.api.apikeys;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import dev.screenshots.api.system.ApiLimitsProperties;
import dev.screenshots.api.system.ProblemResponses;

/**
 * The API's real security and problem-details setup for {@code @WebMvcTest} slices, which
 * do not pick up configuration classes on their own. Slices mock {@code ApiKeys}.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ SecurityConfiguration.class, ProblemResponses.class })
@EnableConfigurationProperties(ApiLimitsProperties.class)
public class SecuritySliceConfiguration {

	/**
	 * The bearer token the slices' mocked {@code ApiKeys} accept; every request sends it.
	 */
	public static final String TOKEN = "ssk_SliceTestKey000000000000000000";

	@Bean
	MockMvcBuilderCustomizer sendApiKey() {
		return (builder) -> builder
			.defaultRequest(MockMvcRequestBuilders.get("/").header("Authorization", "Bearer " + TOKEN));
	}

}
