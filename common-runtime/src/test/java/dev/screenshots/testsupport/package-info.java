/**
 * Test support shared by every module through the common-model test-jar: real PostgreSQL,
 * RabbitMQ and S3 for integration tests (Testcontainers when a Docker engine is
 * available, otherwise the services on 127.0.0.1 and an S3Mock process), pages served on
 * localhost, and service processes started from their jars.
 *
 * <p>
 * Every test gets its own database, vhost and bucket, and removes them when it closes
 * them.
 */
package dev.screenshots.testsupport;
