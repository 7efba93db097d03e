package io.retailpulse.forecasting.model;

import io.retailpulse.forecasting.bench.EngineBench;
import io.retailpulse.forecasting.bench.EngineBench.Series;
import java.io.*;
import java.nio.file.*;
import java.util.*;
import java.util.function.*;
import java.util.stream.IntStream;

/**
 * Not a test: the development tool auto's selection rule was chosen with. Runs auto's {@link
 * AutoForecaster#backtest} step once per series of the EngineBench sets (cached in target/sweep-SET-FOLDS.ser),
 * then scores selection rules (the candidates' weights from their fold forecasts) on the official test parts
 * without refitting: mean sMAPE, MASE and conformal-only 80 % coverage per set, for the latest 3 and all folds.
 * Sets: m3y m3q m3m m3o tm tq ty walmart storeitem bike. Options: -Drules=a,b (default all), -Dviews=3,5,
 * -Dguard=full|half|steps|fine|none|alt|evid (how seasonal naive's backtest is enforced; alt: auto's round-5 guard,
 * the families before seasonal naive; evid: seasonal naive only when its lead exceeds -Dguard.t standard errors of
 * the per-fold differences), -Dclamp=true (forecasts cut at zero for non-negative histories), -Dcov.spread=Z
 * -Dcov.few=N -Dcov.naive=true (the families' disagreement in the coverage, as auto's under N errors), -Dcalib=on
 * -Dcalib.lo=0.8 -Dcalib.hi=1.5 (the temporal calibration of the conformal quantile, as auto's; off by default). Run:
 * {@code forecasting/model/bench/run.sh io.retailpulse.forecasting.model.SelectionSweep 5 m3y m3q m3m m3o tm tq ty
 * walmart storeitem bike} (from the repository root: the cache path is relative).
 */
public final class SelectionSweep {

    record Case(
            String set,
            double[] train,
            double[] test,
            int period,
            int maseLag,
            double[] y,
            List<Integer> origins,
            List<Map<String, double[]>> foldMeans,
            Map<String, double[]> fullMeans)
            implements Serializable {}

    /** The folds a rule sees. */
    record View(Case c, List<Integer> origins, List<Map<String, double[]>> means) {}

    interface Rule {
        Map<String, Double> weights(View v);
    }

    public static void main(String[] args) throws Exception {
        int folds = Integer.parseInt(args[0]);
        List<String> sets = List.of(args).subList(1, args.length);
        Map<String, List<Case>> cases = new LinkedHashMap<>();
        for (String set : sets) {
            cases.put(set, load(set, folds));
        }
        Map<String, Rule> rules = rules();
        String[] views = System.getProperty("views", "3,5").split(",");
        System.out.printf(Locale.ROOT, "%-14s %-6s", "rule", "folds");
        for (String set : sets) {
            System.out.printf(Locale.ROOT, " | %-24s", set);
        }
        System.out.println();
        for (Map.Entry<String, Rule> r : rules.entrySet()) {
            if (System.getProperty("rules") != null
                    && !List.of(System.getProperty("rules").split(",")).contains(r.getKey())) {
                continue;
            }
            for (String vw : views) {
                System.out.printf(Locale.ROOT, "%-14s %-6s", r.getKey(), vw);
                for (String set : sets) {
                    double[] s = score(cases.get(set), r.getValue(), vw);
                    System.out.printf(Locale.ROOT, " | %6.2f %6.3f %5.3f %5.3f", s[0], s[1], s[2], s[3]);
                }
                System.out.println();
            }
        }
    }

    /** The latest k folds. */
    static View view(Case c, String vw) {
        int k = Integer.parseInt(vw);
        List<Integer> o = new ArrayList<>();
        List<Map<String, double[]>> m = new ArrayList<>();
        for (int i = 0; i < Math.min(k, c.origins().size()); i++) {
            o.add(c.origins().get(i));
            m.add(c.foldMeans().get(i));
        }
        return new View(c, o, m);
    }

    /** mean sMAPE, MASE, conformal 80 % coverage, share of series with seasonal naive in the weights. */
    static double[] score(List<Case> cases, Rule rule, String vw) {
        double[] total = new double[4];
        for (Case c : cases) {
            View v = view(c, vw);
            Map<String, Double> w = v.origins().isEmpty() ? Map.of("ensemble", 1.0) : rule.weights(v);
            int h = c.test().length;
            double[] f = combine(c.fullMeans(), w, h);
            if (Boolean.getBoolean("clamp") && Arrays.stream(c.y()).min().orElse(0) >= 0) {
                for (int k = 0; k < h; k++) {
                    f[k] = Math.max(0, f[k]);
                }
            }
            double sm = 0, abs = 0;
            for (int k = 0; k < h; k++) {
                double e = Math.abs(c.test()[k] - f[k]);
                double d = Math.abs(c.test()[k]) + Math.abs(f[k]);
                sm += d == 0 ? 0 : 200 * e / d;
                abs += e;
            }
            double scale = scale(c.train(), c.maseLag());
            total[0] += sm / h;
            total[1] += abs / h / scale;
            total[2] += coverage(v, w, f, c.test());
            total[3] += w.getOrDefault("snaive", 0.0) > 0 ? 1 : 0;
        }
        for (int i = 0; i < 4; i++) {
            total[i] /= cases.size();
        }
        return total;
    }

    static double coverage(View v, Map<String, Double> w, double[] f, double[] test) {
        int h = test.length;
        if (v.origins().isEmpty()) {
            return Double.NaN;
        }
        double[][] abs = new double[v.origins().size()][h];
        for (int i = 0; i < v.origins().size(); i++) {
            double[] m = combine(v.means().get(i), w, h);
            for (int k = 0; k < h; k++) {
                abs[i][k] = Math.abs(v.c().y()[v.origins().get(i) + k] - m[k]);
            }
        }
        double g = AutoForecaster.growthExponent(abs);
        double[] res = new double[abs.length * h];
        for (int i = 0; i < abs.length; i++) {
            for (int k = 0; k < h; k++) {
                res[i * h + k] = abs[i][k] / Math.pow(k + 1, g);
            }
        }
        double q = quantile(res, 0.8) * calibration(abs, g, 0.8);
        // -Dcov.spread=Z: the families' disagreement (sd of the core's and the used members' whole-history
        // forecasts around the used one) added in quadrature, times Z
        double z = res.length < Integer.getInteger("cov.few", Integer.MAX_VALUE)
                ? Double.parseDouble(System.getProperty("cov.spread", "0"))
                : 0;
        Set<String> members = new LinkedHashSet<>(core(v).keySet());
        members.addAll(w.keySet());
        if (Boolean.getBoolean("cov.naive")) {
            members.add("naive");
        }
        members.remove("ensemble");
        int cov = 0;
        for (int k = 0; k < h; k++) {
            double sd = 0;
            for (String m : members) {
                double d = v.c().fullMeans().get(m)[k] - f[k];
                sd += d * d / members.size();
            }
            double half = q * Math.pow(k + 1, g);
            half = Math.sqrt(half * half + z * z * sd);
            if (Math.abs(test[k] - f[k]) <= half) {
                cov++;
            }
        }
        return (double) cov / h;
    }

    static double quantile(double[] res, double level) {
        double[] sorted = res.clone();
        Arrays.sort(sorted);
        int rank = Math.min(sorted.length - 1, (int) Math.ceil((sorted.length + 1) * level) - 1);
        return sorted[Math.max(0, rank)];
    }

    /**
     * Temporal calibration: intervals from the earlier folds' errors tried on each later fold; the multiplier c
     * (grid) whose mean coverage over those later folds first reaches the level. 1 with -Dcalib=off.
     */
    static double calibration(double[][] abs, double g, double level) {
        String mode = System.getProperty("calib", "off");
        int folds = abs.length;
        if (mode.equals("off") || folds < 3) {
            return 1;
        }
        int h = abs[0].length;
        double lo = Double.parseDouble(System.getProperty("calib.lo", "0.5"));
        double hi = Double.parseDouble(System.getProperty("calib.hi", "2"));
        double best = hi;
        for (double c = lo; c <= hi + 1e-9; c += 0.05) {
            double cov = 0;
            int n = 0;
            for (int f = folds - 2; f >= 0; f--) {
                double[] earlier = new double[(folds - 1 - f) * h];
                int i = 0;
                for (int e = f + 1; e < folds; e++) {
                    for (int k = 0; k < h; k++) {
                        earlier[i++] = abs[e][k] / Math.pow(k + 1, g);
                    }
                }
                double q = quantile(earlier, level);
                for (int k = 0; k < h; k++) {
                    cov += abs[f][k] / Math.pow(k + 1, g) <= c * q ? 1 : 0;
                    n++;
                }
            }
            if (cov / n >= level) {
                best = c;
                break;
            }
        }
        return best;
    }

    static double scale(double[] y, int m) {
        int lag = m > 1 && y.length > m ? m : 1;
        double s = 0;
        for (int t = lag; t < y.length; t++) {
            s += Math.abs(y[t] - y[t - lag]);
        }
        return s / (y.length - lag);
    }

    static double[] combine(Map<String, double[]> means, Map<String, Double> w, int h) {
        double[] out = new double[h];
        double sum = 0;
        for (Map.Entry<String, Double> e : w.entrySet()) {
            double[] m = e.getKey().equals("ensemble") ? null : means.get(e.getKey());
            if (e.getKey().equals("ensemble")) {
                double[] a = means.get("ets");
                double[] b = means.get("theta");
                m = new double[h];
                for (int k = 0; k < h; k++) {
                    m[k] = (a[k] + b[k]) / 2;
                }
            }
            for (int k = 0; k < h; k++) {
                out[k] += e.getValue() * m[k];
            }
            sum += e.getValue();
        }
        for (int k = 0; k < h; k++) {
            out[k] /= sum;
        }
        return out;
    }

    /** Mean over folds of MASE of the weighted forecast. */
    static double cv(View v, Map<String, Double> w) {
        double t = 0;
        int h = v.c().test().length;
        for (int i = 0; i < v.origins().size(); i++) {
            int o = v.origins().get(i);
            double[] m = combine(v.means().get(i), w, h);
            double a = 0;
            for (int k = 0; k < h; k++) {
                a += Math.abs(v.c().y()[o + k] - m[k]);
            }
            t += a / h / AutoForecaster.maseScale(Arrays.copyOf(v.c().y(), o), v.c().period());
        }
        return t / v.origins().size();
    }

    static double cv(View v, String name) {
        return cv(v, Map.of(name, 1.0));
    }

    static List<String> names(View v) {
        return new ArrayList<>(v.means().get(0).keySet());
    }

    static List<String> ranked(View v, boolean withEnsemble) {
        List<String> r = names(v);
        if (!withEnsemble) {
            r.remove("ensemble");
        }
        Map<String, Double> e = new HashMap<>();
        r.forEach(n -> e.put(n, cv(v, n)));
        r.sort(Comparator.comparing(e::get));
        return r;
    }

    static Map<String, Double> eq(String... names) {
        Map<String, Double> w = new LinkedHashMap<>();
        for (String n : names) {
            w.merge(n, 1.0, Double::sum);
        }
        return w;
    }

    static Map<String, Double> eq(List<String> names) {
        return eq(names.toArray(new String[0]));
    }

    static Map<String, Double> guard(View v, Map<String, Double> w) {
        String mode = System.getProperty("guard", "steps");
        double sn = cv(v, "snaive");
        if (mode.equals("none") || sn >= cv(v, w)) {
            return w;
        }
        if (mode.equals("alt")) {
            // the lead not evident: a combination without seasonal naive that meets its backtest error, if any
            double t = Double.parseDouble(System.getProperty("guard.t", "1"));
            if (!evident(foldDiff(v, w), t, 2)) {
                List<String> p = pool(v);
                List<Map<String, Double>> opts = new ArrayList<>(List.of(core(v)));
                if (p.size() >= 2) {
                    opts.add(eq(p.subList(0, 2)));
                }
                if (!p.isEmpty()) {
                    opts.add(eq(p.get(0)));
                }
                for (Map<String, Double> o : opts) {
                    if (cv(v, o) <= sn) {
                        return o;
                    }
                }
            }
        }
        if (mode.startsWith("evid")) {
            // minimum evidence: seasonal naive's lead over the folds must exceed t standard errors of the
            // paired per-fold differences (and the folds must be at least guard.min)
            double t = Double.parseDouble(System.getProperty("guard.t", "1"));
            int min = Integer.getInteger("guard.min", 2);
            double[] d = foldDiff(v, w);
            if (!evident(d, t, min)) {
                return w;
            }
        }
        if (mode.equals("half")) {
            Map<String, Double> half = mix(w, eq("snaive"));
            return cv(v, half) <= sn ? half : eq("snaive");
        }
        if (mode.equals("steps") || mode.equals("fine") || mode.startsWith("evid") || mode.equals("alt")) {
            double[] shares = mode.equals("fine")
                    ? new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}
                    : new double[] {0.25, 0.5, 0.75};
            for (double share : shares) {
                Map<String, Double> m = new LinkedHashMap<>();
                double sw = w.values().stream().mapToDouble(Double::doubleValue).sum();
                w.forEach((k, x) -> m.merge(k, (1 - share) * x / sw, Double::sum));
                m.merge("snaive", share, Double::sum);
                if (cv(v, m) <= sn) {
                    return m;
                }
            }
        }
        return eq("snaive");
    }

    /** Per fold: the weighted forecast's MASE minus seasonal naive's. */
    static double[] foldDiff(View v, Map<String, Double> w) {
        int h = v.c().test().length;
        double[] d = new double[v.origins().size()];
        for (int i = 0; i < d.length; i++) {
            int o = v.origins().get(i);
            double[] m = combine(v.means().get(i), w, h);
            double[] s = v.means().get(i).get("snaive");
            double a = 0;
            for (int k = 0; k < h; k++) {
                a += Math.abs(v.c().y()[o + k] - m[k]) - Math.abs(v.c().y()[o + k] - s[k]);
            }
            d[i] = a / h / AutoForecaster.maseScale(Arrays.copyOf(v.c().y(), o), v.c().period());
        }
        return d;
    }

    /** Per fold: a's MASE minus b's (positive where b is better). */
    static double[] pairDiff(View v, Map<String, Double> a, Map<String, Double> b) {
        int h = v.c().test().length;
        double[] d = new double[v.origins().size()];
        for (int i = 0; i < d.length; i++) {
            int o = v.origins().get(i);
            double[] ma = combine(v.means().get(i), a, h);
            double[] mb = combine(v.means().get(i), b, h);
            double x = 0;
            for (int k = 0; k < h; k++) {
                x += Math.abs(v.c().y()[o + k] - ma[k]) - Math.abs(v.c().y()[o + k] - mb[k]);
            }
            d[i] = x / h / AutoForecaster.maseScale(Arrays.copyOf(v.c().y(), o), v.c().period());
        }
        return d;
    }

    static boolean evident(double[] d, double t, int min) {
        int n = d.length;
        if (n < min) {
            return false;
        }
        double mean = Arrays.stream(d).average().orElse(0);
        if (n < 2) {
            return mean > 0 && t <= 0;
        }
        double var = 0;
        for (double x : d) {
            var += (x - mean) * (x - mean);
        }
        double se = Math.sqrt(var / (n - 1) / n);
        return mean > t * se;
    }

    static Map<String, Rule> rules() {
        Map<String, Rule> r = new LinkedHashMap<>();
        r.put("ensemble", v -> eq("ensemble"));
        r.put("etsThetaDotm", v -> eq("ets", "theta", "dotm"));
        r.put("current", v -> {
            List<String> rk = ranked(v, true);
            Map<String, Double> cvs = new HashMap<>();
            rk.forEach(n -> cvs.put(n, cv(v, n)));
            List<String> top = cvs.get(rk.get(1)) > 1.5 * cvs.get(rk.get(0)) ? rk.subList(0, 1) : rk.subList(0, 2);
            Map<String, Double> w = new LinkedHashMap<>();
            for (String t : top) {
                if (t.equals("ensemble")) {
                    w.merge("ets", 1.0, Double::sum);
                    w.merge("theta", 1.0, Double::sum);
                } else {
                    w.merge(t, 2.0, Double::sum);
                }
            }
            String best = rk.get(0).equals("ensemble") ? rk.get(1) : rk.get(0);
            if (top.size() > 1 && cvs.get(best) < 0.95 * cv(v, w)) {
                w = eq(best);
            }
            return guard(v, w);
        });
        r.put("bestSingle", v -> guard(v, eq(ranked(v, false).get(0))));
        r.put("top2", v -> guard(v, eq(ranked(v, false).subList(0, 2))));
        r.put("top3", v -> guard(v, eq(ranked(v, false).subList(0, 3))));
        r.put("inv3", v -> {
            List<String> rk = ranked(v, false).subList(0, 3);
            Map<String, Double> w = new LinkedHashMap<>();
            rk.forEach(n -> w.put(n, 1 / Math.max(1e-9, cv(v, n))));
            return guard(v, w);
        });
        r.put("inv3sq", v -> {
            List<String> rk = ranked(v, false).subList(0, 3);
            Map<String, Double> w = new LinkedHashMap<>();
            rk.forEach(n -> w.put(n, Math.pow(Math.max(1e-9, cv(v, n)), -2)));
            return guard(v, w);
        });
        // choose by CV among a small set of combinations: the best single, the mean of the best 2 and 3, and
        // the fixed ETS+Theta+DOTM mean; ties to the broader combination
        r.put("chooseCombos", v -> {
            List<String> rk = ranked(v, false);
            List<Map<String, Double>> opts =
                    List.of(eq("ets", "theta", "dotm"), eq(rk.subList(0, 3)), eq(rk.subList(0, 2)), eq(rk.get(0)));
            Map<String, Double> best = opts.get(0);
            double be = cv(v, best);
            for (Map<String, Double> o : opts) {
                double e = cv(v, o);
                if (e < be) {
                    be = e;
                    best = o;
                }
            }
            return guard(v, best);
        });
        // default: the fixed combination of ETS, Theta and DOTM; another choice only when its CV error is
        // lower on every fold and its mean error at least 10 % lower
        for (double margin : new double[] {0.9, 0.8}) {
            r.put("shrink" + margin, v -> {
                Map<String, Double> d = eq("ets", "theta", "dotm");
                List<String> rk = ranked(v, false);
                List<Map<String, Double>> opts = List.of(eq(rk.subList(0, 3)), eq(rk.subList(0, 2)), eq(rk.get(0)));
                Map<String, Double> best = d;
                double be = cv(v, d);
                for (Map<String, Double> o : opts) {
                    double e = cv(v, o);
                    if (e < margin * cv(v, d) && e < be) {
                        be = e;
                        best = o;
                    }
                }
                return guard(v, best);
            });
        }

        for (double lambda : new double[] {2, 5, 10}) {
            r.put("soft" + (int) lambda, v -> guard(v, soft(v, lambda)));
        }
        r.put("mixDinv3sq", v -> {
            List<String> rk = ranked(v, false).subList(0, 3);
            Map<String, Double> sel = new LinkedHashMap<>();
            rk.forEach(n -> sel.put(n, Math.pow(Math.max(1e-9, cv(v, n)), -2)));
            return guard(v, mix(eq("ets", "theta", "dotm"), sel));
        });
        r.put("mixDsoft5", v -> guard(v, mix(eq("ets", "theta", "dotm"), soft(v, 5))));
        r.put(
                "mixDbest",
                v -> guard(
                        v, mix(eq("ets", "theta", "dotm"), eq(ranked(v, false).get(0)))));
        r.put(
                "mixDtop2",
                v -> guard(
                        v, mix(eq("ets", "theta", "dotm"), eq(ranked(v, false).subList(0, 2)))));
        r.put("DplusBest", v -> {
            Map<String, Double> w = eq("ets", "theta", "dotm");
            w.merge(ranked(v, false).get(0), 1.0, Double::sum);
            return guard(v, w);
        });

        r.put("Dguard", v -> guard(v, eq("ets", "theta", "dotm")));
        r.put("mixDtop2P", v -> guard(v, mix(eq("ets", "theta", "dotm"), eq(pool(v).subList(0, 2)))));
        r.put("mixDbestP", v -> guard(v, mix(eq("ets", "theta", "dotm"), eq(pool(v).get(0)))));
        r.put("top2P", v -> guard(v, eq(pool(v).subList(0, 2))));
        r.put("top3P", v -> guard(v, eq(pool(v).subList(0, Math.min(3, pool(v).size())))));
        r.put("bestP", v -> guard(v, eq(pool(v).get(0))));

        for (double margin : new double[] {0.8, 0.9, 0.95, 1.0}) {
            r.put("fallback" + margin, v -> {
                List<String> rk = ranked(v, false);
                Map<String, Double> d = mix(eq("ets", "theta", "dotm"), eq(rk.subList(0, 2)));
                double de = cv(v, d);
                Map<String, Double> best = d;
                double be = margin * de;
                for (Map<String, Double> o : List.of(eq(rk.subList(0, 2)), eq(rk.get(0)))) {
                    double e = cv(v, o);
                    if (e < be) {
                        be = e;
                        best = o;
                    }
                }
                return guard(v, best);
            });
        }

        // one-standard-error rule on the selection: the core alone unless the best two beat it over the folds by
        // more than sel.t standard errors of the paired per-fold differences; then half core, half best two; the
        // clear winner (pair or best alone under CLEAR_WIN of that) as auto
        r.put("coreSe", v -> {
            double t = Double.parseDouble(System.getProperty("sel.t", "1"));
            List<String> rk = ranked(v, false);
            Map<String, Double> top2 = eq(rk.subList(0, 2));
            Map<String, Double> d = evident(pairDiff(v, core(v), top2), t, 2) ? mix(core(v), top2) : core(v);
            double de = cv(v, d);
            Map<String, Double> best = d;
            double be = 0.5 * cv(v, mix(core(v), top2));
            for (Map<String, Double> o : List.of(top2, eq(rk.get(0)))) {
                double e = cv(v, o);
                if (e < be) {
                    be = e;
                    best = o;
                }
            }
            return guard(v, best);
        });
        // shrink: the backtest half's weight by evidence: 0.5 when top2 beats the core by more than t SE, 0.25
        // when it beats it at all, 0 otherwise
        r.put("coreShrink", v -> {
            double t = Double.parseDouble(System.getProperty("sel.t", "1"));
            List<String> rk = ranked(v, false);
            Map<String, Double> top2 = eq(rk.subList(0, 2));
            double[] dd = pairDiff(v, core(v), top2);
            double share = evident(dd, t, 2) ? 0.5 : evident(dd, 0, 2) ? 0.25 : 0;
            Map<String, Double> d = new LinkedHashMap<>();
            Map<String, Double> c = core(v);
            c.forEach((k, x) -> d.merge(k, (1 - share) * x / c.size(), Double::sum));
            top2.forEach((k, x) -> d.merge(k, share * x / 2, Double::sum));
            Map<String, Double> best = d;
            double be = 0.5 * cv(v, mix(core(v), top2));
            for (Map<String, Double> o : List.of(top2, eq(rk.get(0)))) {
                double e = cv(v, o);
                if (e < be) {
                    be = e;
                    best = o;
                }
            }
            return guard(v, best);
        });
        r.put("coreMix", v -> guard(v, mix(core(v), eq(ranked(v, false).subList(0, 2)))));
        for (double margin : new double[] {0.5, 0.67, 0.8}) {
            r.put("coreFb" + margin, v -> {
                List<String> rk = ranked(v, false);
                Map<String, Double> d = mix(core(v), eq(rk.subList(0, 2)));
                double de = cv(v, d);
                Map<String, Double> best = d;
                double be = margin * de;
                for (Map<String, Double> o : List.of(eq(rk.subList(0, 2)), eq(rk.get(0)))) {
                    double e = cv(v, o);
                    if (e < be) {
                        be = e;
                        best = o;
                    }
                }
                return guard(v, best);
            });
        }
        return r;
    }

    static Map<String, Double> core(View v) {
        if (names(v).contains("prophet")) {
            return eq("mstl", "prophet");
        }
        // round 6 experiment: -Dcore=td (Theta + DOTM) or ed (ETS + DOTM) instead of ETS + Theta + DOTM,
        // -Dcore.short=N: only for histories under N values
        boolean alt = !System.getProperty("core", "etd").equals("etd")
                && v.c().y().length < Integer.getInteger("core.short", Integer.MAX_VALUE);
        String which = System.getProperty("core", "etd");
        return !alt ? eq("ets", "theta", "dotm") : which.equals("td") ? eq("theta", "dotm") : eq("ets", "dotm");
    }

    static List<String> pool(View v) {
        List<String> rk = ranked(v, false);
        rk.remove("naive");
        rk.remove("snaive");
        return rk;
    }

    static Map<String, Double> soft(View v, double lambda) {
        List<String> rk = ranked(v, false);
        double best = Math.max(1e-9, cv(v, rk.get(0)));
        Map<String, Double> w = new LinkedHashMap<>();
        for (String n : rk) {
            double x = Math.exp(-lambda * (cv(v, n) / best - 1));
            if (x > 1e-3) {
                w.put(n, x);
            }
        }
        return w;
    }

    /** Half of a and half of b (each normalised). */
    static Map<String, Double> mix(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> w = new LinkedHashMap<>();
        double sa = a.values().stream().mapToDouble(Double::doubleValue).sum();
        double sb = b.values().stream().mapToDouble(Double::doubleValue).sum();
        a.forEach((k, x) -> w.merge(k, x / sa, Double::sum));
        b.forEach((k, x) -> w.merge(k, x / sb, Double::sum));
        return w;
    }

    static List<Case> load(String set, int folds) throws Exception {
        Path cache =
                Path.of("forecasting/model/target/sweep-" + set + "-" + folds + System.getProperty("tag", "") + ".ser");
        if (Files.exists(cache)) {
            try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(cache))) {
                @SuppressWarnings("unchecked")
                List<Case> c = (List<Case>) in.readObject();
                return c;
            }
        }
        Path root = SharedData.root().resolve("forecasting");
        List<Series> series = new ArrayList<>();
        switch (set) {
            case "m3" -> {
                String[][] m3 = {{"yearly", "1"}, {"quarterly", "4"}, {"monthly", "12"}, {"other", "1"}};
                for (String[] s : m3) {
                    series.addAll(EngineBench.readLong(root.resolve("m3/m3_" + s[0] + ".csv"), Integer.parseInt(s[1])));
                }
            }
            case "m3y" -> series.addAll(EngineBench.readLong(root.resolve("m3/m3_yearly.csv"), 1));
            case "m3q" -> series.addAll(EngineBench.readLong(root.resolve("m3/m3_quarterly.csv"), 4));
            case "m3m" -> series.addAll(EngineBench.readLong(root.resolve("m3/m3_monthly.csv"), 12));
            case "m3o" -> series.addAll(EngineBench.readLong(root.resolve("m3/m3_other.csv"), 1));
            case "tm" -> series.addAll(EngineBench.readLong(root.resolve("tourism/tourism_monthly.csv"), 12));
            case "tq" -> series.addAll(EngineBench.readLong(root.resolve("tourism/tourism_quarterly.csv"), 4));
            case "ty" -> series.addAll(EngineBench.readLong(root.resolve("tourism/tourism_yearly.csv"), 1));
            case "walmart" ->
                series.addAll(EngineBench.readWalmart(root.resolve("walmart-weekly/Walmart_Store_sales.csv"), 13));
            case "storeitem" -> {
                for (Map.Entry<String, double[]> e :
                        SharedData.storeItemDemand().entrySet()) {
                    double[] all = e.getValue();
                    int n = all.length - 90;
                    series.add(new Series(
                            e.getKey(),
                            Arrays.copyOf(all, n),
                            Arrays.copyOfRange(all, n, all.length),
                            7,
                            new double[] {7, 365.25},
                            7));
                }
            }
            case "bike" -> series.add(EngineBench.readBike(root.resolve("bike-sharing-hourly/hour.csv"), 14 * 24));
            default -> throw new IllegalArgumentException(set);
        }
        Case[] out = new Case[series.size()];
        IntStream.range(0, series.size()).parallel().forEach(i -> {
            Series s = series.get(i);
            int h = s.test().length;
            AutoForecaster a =
                    s.periods() == null ? new AutoForecaster(h, folds) : new AutoForecaster(h, folds, s.periods());
            int keep = a.window(s.train().length, s.period()) + Integer.getInteger("span", 0) * h;
            double[] y = s.train().length > keep
                    ? Arrays.copyOfRange(s.train(), s.train().length - keep, s.train().length)
                    : s.train();
            if (y.length < 8) {
                Map<String, double[]> full = new LinkedHashMap<>();
                double[] t = new Theta().fit(y, s.period()).pointForecast(h);
                full.put("ensemble", t);
                full.put("ets", t);
                full.put("theta", t);
                out[i] = new Case(set, s.train(), s.test(), s.period(), s.maseLag(), y, List.of(), List.of(), full);
                return;
            }
            AutoForecaster.Backtest bt = a.backtest(y, s.period());
            Map<String, double[]> full = new LinkedHashMap<>();
            bt.full().forEach((k, f) -> full.put(k, f.pointForecast(h)));
            out[i] = new Case(set, s.train(), s.test(), s.period(), s.maseLag(), y, bt.origins(), bt.foldMeans(), full);
        });
        List<Case> list = new ArrayList<>(List.of(out));
        Files.createDirectories(cache.getParent());
        try (ObjectOutputStream o = new ObjectOutputStream(Files.newOutputStream(cache))) {
            o.writeObject(list);
        }
        return list;
    }
}
