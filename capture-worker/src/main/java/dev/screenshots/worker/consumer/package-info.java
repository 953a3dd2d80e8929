/**
 * The work queue consumer: reads capture messages, claims the job, hands it to the
 * browser pool and acknowledges the delivery when the job is finished.
 */
package dev.screenshots.worker.consumer;
