package dev.screenshots.api.screenshots;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The result cache ({@code api.cache.*}): how old a completed identical capture may
 * answer a request that allows reuse ({@code cache} on {@code POST /screenshots}, render
 * links).
 *
 * @param defaultTtl the time to live of a request that names none
 * @param maxTtl the longest a request may ask for
 */
@Validated
@ConfigurationProperties("api.cache")
public record CacheProperties(@DefaultValue("24h") @NotNull Duration defaultTtl,
		@DefaultValue("30d") @NotNull Duration maxTtl) {

}
