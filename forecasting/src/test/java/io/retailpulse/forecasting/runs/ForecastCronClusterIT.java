package io.retailpulse.forecasting.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.stack.testing.MariaDbTestResource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;

/**
 * The forecast cron with two forecasting replicas, reduced to what decides it: two Quartz schedulers of one cluster
 * (the settings application.properties gives Quarkus: JDBC job store, clustered) on the FC_QRTZ_ tables that
 * forecasting's own Flyway migrations create in a real MariaDB. Both schedule the same cron job, as every replica
 * does at start-up; every fire time runs on exactly one of them, and when one stops the other keeps firing.
 * {@code ForecastScheduleQuartzIT} checks that the service's {@code @Scheduled} cron is this kind of Quartz job.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ForecastCronClusterIT {
    /** Fire times as each scheduler ran them: instance id and the scheduled fire time in ms. */
    static final ConcurrentLinkedQueue<long[]> FIRED = new ConcurrentLinkedQueue<>();

    static volatile String url;
    static volatile String user;
    static volatile String password;

    /** Stands for ForecastSchedule's run: records who ran which fire time. */
    public static class RecordingJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            try {
                long instance = Long.parseLong(
                        context.getScheduler().getSchedulerInstanceId().replace("replica-", ""));
                FIRED.add(new long[] {instance, context.getScheduledFireTime().getTime()});
            } catch (SchedulerException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Plain JDBC connections to the test database (Quarkus hands Quartz its Agroal pool instead). */
    public static class Connections implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public void shutdown() {}

        @Override
        public void initialize() {}
    }

    @Test
    void twoSchedulersOnOneJdbcStoreRunEachCronFireTimeOnceAndFailOver() throws Exception {
        Map<String, String> db = new MariaDbTestResource().start();
        url = "jdbc:" + db.get("pulse.db.url");
        user = db.get("pulse.db.user");
        password = db.get("pulse.db.password");
        Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .table("flyway_history_forecasting")
                .load()
                .migrate();

        Scheduler a = scheduler(0);
        Scheduler b = scheduler(1);
        try {
            for (Scheduler s : List.of(a, b)) {
                JobDetail job = JobBuilder.newJob(RecordingJob.class)
                        .withIdentity("daily-forecast-run")
                        .build();
                Trigger trigger = TriggerBuilder.newTrigger()
                        .withIdentity("daily-forecast-run")
                        .withSchedule(CronScheduleBuilder.cronSchedule("0/1 * * * * ?"))
                        .build();
                s.scheduleJob(job, Set.of(trigger), true);
            }
            a.start();
            b.start();
            Thread.sleep(8000);
            a.shutdown(true);
            int beforeFailover = FIRED.size();
            // the trigger a had already acquired stays claimed until b declares a dead: its last check-in plus
            // the check-in interval plus Quartz's fixed 7.5 s grace, then b recovers it and fires on
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (FIRED.size() - beforeFailover < 2 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            b.shutdown(true);

            Map<Long, List<Long>> byFireTime = new HashMap<>();
            for (long[] f : FIRED) {
                byFireTime.computeIfAbsent(f[1], t -> new ArrayList<>()).add(f[0]);
            }
            assertTrue(beforeFailover >= 4, "the cron fired while both ran: " + beforeFailover);
            for (Map.Entry<Long, List<Long>> e : byFireTime.entrySet()) {
                assertEquals(1, e.getValue().size(), "fire time " + e.getKey() + " ran on " + e.getValue());
            }
            assertTrue(
                    FIRED.size() - beforeFailover >= 2,
                    "the other replica kept firing after one stopped: " + (FIRED.size() - beforeFailover));
        } finally {
            for (Scheduler s : List.of(a, b)) {
                if (!s.isShutdown()) {
                    s.shutdown(false);
                }
            }
        }
    }

    /**
     * One replica's scheduler, with the settings Quarkus derives from forecasting's application.properties.
     * Quartz keeps one scheduler per name and JVM in its repository; two replicas live in two JVMs, so the first
     * is taken out of the repository before the second is made.
     */
    private static Scheduler scheduler(int replica) throws SchedulerException {
        Properties p = new Properties();
        p.put("org.quartz.scheduler.instanceName", "QuarkusQuartzScheduler");
        p.put("org.quartz.scheduler.instanceId", "replica-" + replica);
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        p.put("org.quartz.threadPool.threadCount", "2");
        p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.put("org.quartz.jobStore.tablePrefix", "FC_QRTZ_");
        p.put("org.quartz.jobStore.isClustered", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", "1000");
        p.put("org.quartz.jobStore.dataSource", "ds");
        p.put("org.quartz.dataSource.ds.connectionProvider.class", Connections.class.getName());
        Scheduler s = new StdSchedulerFactory(p).getScheduler();
        SchedulerRepository.getInstance().remove("QuarkusQuartzScheduler");
        return s;
    }
}
