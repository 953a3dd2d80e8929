package dev.screenshots.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The capture worker: consumes capture jobs, renders them in pooled Chromium and stores
 * the images. Run as many as the load needs; they coordinate through PostgreSQL and
 * RabbitMQ only.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(WorkerApplication.class, args);
	}

}
