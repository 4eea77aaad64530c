package io.modelwatch.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases of contract 3f. Every expected figure is worked out in the comments from the counts fed
 * in; nothing is copied from the code's output. Time is in minutes from 0; "step T" is the evaluation at the
 * end of minute T - 1, whose windows cover [T - w, T).
 */
class SloRingTest {

    private static final double OBJECTIVE = 99.9;
    /** 1 - 99.9 / 100, the contract's formula: 0.001 up to binary rounding. */
    private static final double ALLOWED = 1 - OBJECTIVE / 100;
    private static final long THIRTY_DAYS = 30L * 1440 * 60_000;

    /** A transition seen at a step: "SLOBurnFast firing @4321". */
    private static String t(BurnAlert a, boolean firing, long step) {
        return a.rule + (firing ? " firing @" : " resolved @") + step;
    }

    /** Feeds minutes [0, minutes) with {@code n} events a minute, of which {@code bad.at(m)} are bad; steps every minute. */
    private static List<String> run(SloRing ring, int minutes, long n, BadCounts bad) {
        List<String> transitions = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            long b = bad.at(m);
            ring.add(m, n - b, b);
            long step = m + 1;
            ring.advanceTo(step);
            int changed = ring.evaluateAlerts(ALLOWED);
            for (BurnAlert a : BurnAlert.values()) {
                if ((changed & (1 << a.ordinal())) != 0) transitions.add(t(a, ring.isFiring(a), step));
            }
        }
        return transitions;
    }

    interface BadCounts {
        long at(int minute);
    }

    @Test
    void aModelExactlyAtItsObjectiveNeverAlerts() {
        // 1000 events a minute, exactly 1 bad (0.1 % = 100 % - 99.9 %) for 4 days = 5760 minutes:
        // every window's error ratio is 1/1000 and its burn rate 0.001 / (1 - 0.999) = 1, never above any factor
        // (the smallest is SLOBurnSlow's 1, and "above" is strict).
        SloRing ring = new SloRing(THIRTY_DAYS);
        assertThat(run(ring, 5760, 1000, m -> 1)).isEmpty();
        for (int w = 0; w < SloRing.WINDOWS; w++) {
            assertThat(ring.burnRate(w, ALLOWED)).isCloseTo(1.0, within(1e-9));
        }
        // the period (30 d) reaches before the first record: it counts the 5760 minutes seen, 5760 bad of 5,760,000,
        // so budget_remaining = 1 - 5760 / (0.001 x 5,760,000) = 1 - 1 = 0
        assertThat(ring.total(SloRing.PERIOD)).isEqualTo(5_760_000L);
        assertThat(ring.bad(SloRing.PERIOD)).isEqualTo(5760L);
        assertThat(ring.budgetRemaining(ALLOWED)).isCloseTo(1 - 5760.0 / (0.001 * 5_760_000), within(1e-9));
    }

    @Test
    void aTenMinuteTotalOutageFiresFastAtItsFirstMinuteAndResolvesWhenTheFiveMinuteWindowClears() {
        // 3 days of good traffic (minutes 0..4319, 1000 a minute), then 100 % errors in minutes 4320..4329, then good
        // again. At step 4320 + k (k = 1..10 outage minutes in the windows), bad/total per window:
        //   5m  min(k,5)/5 -> burn >= 200;  30m k/30 -> 33.3k;  1h k/60 -> 16.7k;  2h k/120 -> 8.33k
        //   6h  k/360 -> 2.78k;  1d k/1440 -> 0.694k;  3d k/4320 -> 0.231k  (burn = ratio / 0.001)
        // SLOBurnFast   (1h > 14.4 and 5m > 14.4): k = 1 -> 16.7 and 200: fires at step 4321.
        //   resolves when the 5m window [T-5, T) holds no outage minute: T - 5 >= 4330 -> step 4335
        //   (then 1h is still 10/60 -> 166.7, so it is the 5m window that resolves it).
        // SLOBurnHigh   (6h > 6 and 30m > 6): 6h needs 2.78k > 6 -> k = 3: fires at 4323; 30m clears at 4330+30 = 4360.
        // SLOBurnMedium (1d > 3 and 2h > 3): 1d needs 0.694k > 3 -> k = 5 (3.47; k = 4 gives 2.78): fires at 4325;
        //   2h clears at 4330 + 120 = 4450 (1d then 10/1440 -> 6.94 still above).
        // SLOBurnSlow   (3d > 1 and 6h > 1): 3d needs 0.231k > 1 -> k = 5 (1.157): fires at 4325;
        //   6h clears at 4330 + 360 = 4690 (3d then 10/4320 -> 2.31 still above).
        SloRing ring = new SloRing(THIRTY_DAYS);
        List<String> transitions = run(ring, 4800, 1000, m -> m >= 4320 && m < 4330 ? 1000 : 0);
        assertThat(transitions).containsExactly(
                t(BurnAlert.FAST, true, 4321),
                t(BurnAlert.HIGH, true, 4323),
                t(BurnAlert.MEDIUM, true, 4325),
                t(BurnAlert.SLOW, true, 4325),
                t(BurnAlert.FAST, false, 4335),
                t(BurnAlert.HIGH, false, 4360),
                t(BurnAlert.MEDIUM, false, 4450),
                t(BurnAlert.SLOW, false, 4690));
    }

    @Test
    void fastBurnFiguresAtTheStepItFires() {
        SloRing ring = new SloRing(THIRTY_DAYS);
        run(ring, 4321, 1000, m -> m == 4320 ? 1000 : 0);
        // step 4321: 1h = minutes 4261..4320: 60,000 events, 1000 bad -> ratio 1/60, burn (1/60) / 0.001 = 16.667
        assertThat(ring.total(SloRing.H1)).isEqualTo(60_000L);
        assertThat(ring.bad(SloRing.H1)).isEqualTo(1000L);
        assertThat(ring.burnRate(SloRing.H1, ALLOWED)).isCloseTo((1.0 / 60) / 0.001, within(1e-9));
        // 5m: 1000 of 5000 -> 0.2 -> burn 200
        assertThat(ring.burnRate(SloRing.M5, ALLOWED)).isCloseTo(0.2 / 0.001, within(1e-9));
        assertThat(ring.isFiring(BurnAlert.FAST)).isTrue();
        // budget over the 30 d period, seen 4321 minutes: 1 - 1000 / (0.001 x 4,321,000) = 1 - 1/4.321
        assertThat(ring.budgetRemaining(ALLOWED)).isCloseTo(1 - 1 / 4.321, within(1e-9));
    }

    @Test
    void budgetRemainingAfterTheOutageMatchesTheHandFigure() {
        SloRing ring = new SloRing(THIRTY_DAYS);
        run(ring, 4335, 1000, m -> m >= 4320 && m < 4330 ? 1000 : 0);
        // step 4335: the period holds all 4335 minutes seen = 4,335,000 events, 10,000 bad:
        // 1 - 10,000 / (0.001 x 4,335,000) = 1 - 10 / 4.335 = -1.306805074971165...
        assertThat(ring.total(SloRing.PERIOD)).isEqualTo(4_335_000L);
        assertThat(ring.bad(SloRing.PERIOD)).isEqualTo(10_000L);
        assertThat(ring.budgetRemaining(ALLOWED)).isCloseTo(1 - 10 / 4.335, within(1e-9));
        assertThat(ring.budgetRemaining(ALLOWED)).isCloseTo(-1.306805074971165, within(1e-9));
    }

    @Test
    void aTwiceTheBudgetBurnOverFourDaysFiresOnlySlow() {
        // 2 bad of 1000 every minute: every window's ratio is 0.002, burn 2: above SLOBurnSlow's 1 (3d and 6h), below
        // SLOBurnMedium's 3, SLOBurnHigh's 6 and SLOBurnFast's 14.4. Both of Slow's windows reach before the first
        // record and count the one minute seen: it fires at the first step, 1, and holds for all 4 days (5760 min).
        SloRing ring = new SloRing(THIRTY_DAYS);
        assertThat(run(ring, 5760, 1000, m -> 2)).containsExactly(t(BurnAlert.SLOW, true, 1));
        assertThat(ring.burnRate(SloRing.D3, ALLOWED)).isCloseTo(0.002 / 0.001, within(1e-9));
        // 4 days at twice the allowed rate: 1 - 11,520 / (0.001 x 5,760,000) = 1 - 2 = -1
        assertThat(ring.budgetRemaining(ALLOWED)).isCloseTo(1 - 11_520 / (0.001 * 5_760_000), within(1e-9));
    }

    @Test
    void windowsBeforeTheFirstRecordCountOnlyWhatWasSeen() {
        SloRing ring = new SloRing(THIRTY_DAYS);
        ring.add(1_000_000, 7, 3);
        ring.advanceTo(1_000_001);
        for (int w = 0; w < SloRing.WINDOWS; w++) {
            assertThat(ring.total(w)).isEqualTo(10);
            assertThat(ring.bad(w)).isEqualTo(3);
            assertThat(ring.errorRatio(w)).isCloseTo(0.3, within(1e-12));
        }
    }

    @Test
    void thePeriodForgetsMinutesOlderThanItself() {
        // period 1 d = 1440 minutes; 100 events a minute, all bad in minutes 0..59, good after.
        SloRing ring = new SloRing(1440L * 60_000);
        run(ring, 1470, 100, m -> m < 60 ? 100 : 0);
        // step 1470: the period is [30, 1470): bad minutes 30..59 = 3000 of 144,000: 1 - 3000 / (0.001 x 144,000) = 1 - 30/1.44
        assertThat(ring.total(SloRing.PERIOD)).isEqualTo(144_000L);
        assertThat(ring.bad(SloRing.PERIOD)).isEqualTo(3000L);
        assertThat(ring.budgetRemaining(ALLOWED)).isCloseTo(1 - 30 / 1.44, within(1e-9));
        // the 3d window is longer than this period and still holds every minute: 6000 bad of 147,000
        assertThat(ring.bad(SloRing.D3)).isEqualTo(6000L);
        assertThat(ring.total(SloRing.D3)).isEqualTo(147_000L);
        run2(ring, 1470, 1500, 100);
        // step 1500: [60, 1500): no bad minute left, budget 1
        assertThat(ring.bad(SloRing.PERIOD)).isZero();
        assertThat(ring.budgetRemaining(ALLOWED)).isEqualTo(1.0);
    }

    private static void run2(SloRing ring, int from, int to, long n) {
        for (int m = from; m < to; m++) {
            ring.add(m, n, 0);
            ring.advanceTo(m + 1);
        }
    }

    @Test
    void minutesInAnyOrderBeforeTheStepsGiveTheSameWindowsAsInOrder() {
        SloRing inOrder = new SloRing(THIRTY_DAYS);
        SloRing shuffled = new SloRing(THIRTY_DAYS);
        int n = 3000;
        for (int m = 0; m < n; m++) inOrder.add(m, 10, m % 7);
        for (int k = 0; k < n; k++) {
            int m = (int) ((k * 1237L) % n); // a permutation of 0..n-1 (1237 is prime to 3000)
            shuffled.add(m, 10, m % 7);
        }
        for (long step = 1; step <= n; step++) {
            inOrder.advanceTo(step);
            shuffled.advanceTo(step);
            for (int w = 0; w < SloRing.WINDOWS; w++) {
                assertThat(shuffled.total(w)).isEqualTo(inOrder.total(w));
                assertThat(shuffled.bad(w)).isEqualTo(inOrder.bad(w));
            }
        }
        // the 5m window at step 3000: minutes 2995..2999, bad m % 7 = 6+0+1+2+3 = 12 (2995 = 7 x 427 + 6)
        assertThat(inOrder.bad(SloRing.M5)).isEqualTo(12);
        assertThat(inOrder.total(SloRing.M5)).isEqualTo(50 + 12);
    }

    @Test
    void aLateMinuteBehindTheCursorCountsInTheWindowsThatStillCoverIt() {
        SloRing ring = new SloRing(THIRTY_DAYS);
        for (int m = 0; m < 100; m++) ring.add(m, 10, 0);
        ring.advanceTo(100);
        ring.add(90, 0, 4); // minute 90: inside 30m [70, 100), outside 5m [95, 100)
        assertThat(ring.bad(SloRing.M5)).isZero();
        assertThat(ring.bad(SloRing.M30)).isEqualTo(4);
        assertThat(ring.bad(SloRing.PERIOD)).isEqualTo(4);
        ring.advanceTo(121); // 30m is now [91, 121): minute 90 has left it
        assertThat(ring.bad(SloRing.M30)).isZero();
        assertThat(ring.bad(SloRing.H1)).isEqualTo(4);
    }

    @Test
    void aLongSilenceEmptiesTheWindowsAndTheRingBecomesIdle() {
        SloRing ring = new SloRing(THIRTY_DAYS);
        ring.add(0, 5, 5);
        ring.advanceTo(1);
        ring.evaluateAlerts(ALLOWED);
        assertThat(ring.isFiring(BurnAlert.FAST)).isTrue();
        ring.advanceTo(1 + 43_200); // a whole period later: the one minute has left every window
        for (int w = 0; w < SloRing.WINDOWS; w++) assertThat(ring.total(w)).isZero();
        assertThat(ring.burnRate(SloRing.H1, ALLOWED)).isNaN();
        ring.evaluateAlerts(ALLOWED); // no events: no burn, every alert resolves
        assertThat(ring.isFiring(BurnAlert.FAST)).isFalse();
        assertThat(ring.isIdle()).isTrue();
        ring.add(100_000, 1, 0); // it comes back after a silence longer than the ring
        ring.advanceTo(100_001);
        assertThat(ring.total(SloRing.PERIOD)).isEqualTo(1);
        assertThat(ring.total(SloRing.M5)).isEqualTo(1);
    }

    @Test
    void theCheckpointFormatRoundTripsAndTheCopyContinuesTheSame() throws IOException {
        SloRing ring = new SloRing(THIRTY_DAYS);
        run(ring, 4330, 100, m -> m >= 4320 ? 100 : 0);
        ring.add(4400, 3, 1); // pending, ahead of the cursor
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ring.writeTo(new DataOutputStream(bytes));
        SloRing restored = SloRing.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        SloRing copy = ring.copy();
        for (BurnAlert a : BurnAlert.values()) assertThat(restored.isFiring(a)).isEqualTo(ring.isFiring(a));
        for (long step = 4331; step < 4500; step++) {
            ring.advanceTo(step);
            restored.advanceTo(step);
            copy.advanceTo(step);
            for (int w = 0; w < SloRing.WINDOWS; w++) {
                assertThat(restored.total(w)).isEqualTo(ring.total(w));
                assertThat(restored.bad(w)).isEqualTo(ring.bad(w));
                assertThat(copy.bad(w)).isEqualTo(ring.bad(w));
            }
        }
        assertThat(ring.total(SloRing.PERIOD)).isEqualTo(433_000 + 4);
    }
}
