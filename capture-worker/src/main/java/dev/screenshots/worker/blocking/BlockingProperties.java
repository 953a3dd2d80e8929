package dev.screenshots.worker.blocking;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The filter lists behind {@code blockAds}, {@code blockTrackers},
 * {@code blockCookieBanners} and {@code blockChats} ({@code capture.blocking.*}).
 *
 * @param preload read every list in the background when the worker starts, so the first
 * job that asks for one does not wait for it; when off, a list is read the first time a
 * job asks for it
 */
@Validated
@ConfigurationProperties("capture.blocking")
public record BlockingProperties(@DefaultValue("true") boolean preload) {

}
