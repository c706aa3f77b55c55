package monitoring_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/monitoring/monitoringtest"
)

func riga(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, i18n.Riga)
}

// Days, weeks and months are Riga's: a day of 25 hours (the clocks went
// back on Sunday 28 October 2063) is one day, a week runs Monday to
// Sunday, and a clipping a minute after midnight on 1 November is
// November's, though it is still October in UTC.
func TestTrendsCountByRigaDaysWeeksAndMonths(t *testing.T) {
	pool := dbtest.Pool(t)
	s := monitoringtest.Store(pool)
	ctx := context.Background()
	topic := monitoringtest.AddTopic(t, pool, "Laika josla")
	outlet := monitoringtest.Outlet(t, pool, unique(t, "Latgales Laiks"))
	unit := contactstest.Org(t, pool, unique(t, "Būvvalde"), contacts.MunicipalUnit)
	for _, c := range []struct {
		at      time.Time
		tone    monitoring.Tone
		mention bool
	}{
		{riga(2063, 10, 27, 23, 30), monitoring.Positive, false}, // Saturday
		{riga(2063, 10, 28, 0, 30), monitoring.Negative, true},   // Sunday, still summer time: 27.10. in UTC
		{riga(2063, 10, 28, 12, 0), monitoring.Neutral, false},
		{riga(2063, 10, 28, 23, 30), monitoring.Positive, false}, // the 25th hour's day
		{riga(2063, 10, 29, 0, 10), monitoring.Negative, true},   // Monday: Sunday in UTC
		{riga(2063, 10, 31, 23, 59), monitoring.Neutral, false},
		{riga(2063, 11, 1, 0, 1), monitoring.Negative, false}, // 31.10. in UTC
	} {
		cl := monitoring.Clipping{OutletID: outlet, PublishedAt: c.at, Tone: c.tone, TopicIDs: []int64{topic}, Title: "Par laika joslu"}
		if c.mention {
			cl.MentionIDs = []int64{unit}
		}
		monitoringtest.AddClipping(t, pool, cl)
	}
	counts := func(f monitoring.Figures) string {
		var out []string
		for _, b := range f.Trend {
			out = append(out, fmt.Sprintf("%s-%s:%d", i18n.Date(b.From), i18n.Date(b.To), b.Total))
		}
		return strings.Join(out, " ")
	}
	for _, c := range []struct {
		name     string
		from, to time.Time
		step     monitoring.Step
		want     string
	}{
		{"days across the clocks going back", riga(2063, 10, 27, 0, 0), riga(2063, 11, 2, 0, 0), monitoring.ByDay,
			"27.10.2063.-28.10.2063.:1 28.10.2063.-29.10.2063.:3 29.10.2063.-30.10.2063.:1 30.10.2063.-31.10.2063.:0 " +
				"31.10.2063.-01.11.2063.:1 01.11.2063.-02.11.2063.:1"},
		{"weeks from Monday", riga(2063, 10, 22, 0, 0), riga(2063, 11, 5, 0, 0), monitoring.ByWeek,
			"22.10.2063.-29.10.2063.:4 29.10.2063.-05.11.2063.:3"},
		{"weeks cut to the period", riga(2063, 10, 27, 0, 0), riga(2063, 11, 2, 0, 0), monitoring.ByWeek,
			"27.10.2063.-29.10.2063.:4 29.10.2063.-02.11.2063.:3"},
		{"months", riga(2063, 10, 1, 0, 0), riga(2063, 12, 1, 0, 0), monitoring.ByMonth,
			"01.10.2063.-01.11.2063.:6 01.11.2063.-01.12.2063.:1"},
		{"a day alone", riga(2063, 10, 28, 0, 0), riga(2063, 10, 29, 0, 0), monitoring.ByDay, "28.10.2063.-29.10.2063.:3"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := s.Figures(ctx, monitoring.ListQuery{TopicID: topic}, monitoring.Period{From: c.from, To: c.to}, c.step)
			if err != nil {
				t.Fatal(err)
			}
			if got := counts(f); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}

	// The day of 25 hours by tone, and the breakdowns.
	f, err := s.Figures(ctx, monitoring.ListQuery{TopicID: topic}, monitoring.Period{From: riga(2063, 10, 28, 0, 0), To: riga(2063, 10, 29, 0, 0)}, monitoring.ByDay)
	if err != nil {
		t.Fatal(err)
	}
	if d := f.Trend[0].Tones; d[monitoring.Positive] != 1 || d[monitoring.Negative] != 1 || d[monitoring.Neutral] != 1 {
		t.Errorf("28.10. by tone: %v", d)
	}
	f, _ = s.Figures(ctx, monitoring.ListQuery{TopicID: topic}, monitoring.Period{From: riga(2063, 10, 1, 0, 0), To: riga(2063, 12, 1, 0, 0)}, monitoring.ByMonth)
	if f.Total != 7 || len(f.Outlets) != 1 || f.Outlets[0].ID != outlet || f.Outlets[0].Total != 7 || f.Outlets[0].Tones[monitoring.Negative] != 3 {
		t.Errorf("outlets: %d %+v", f.Total, f.Outlets)
	}
	if len(f.Topics) != 1 || f.Topics[0].ID != topic || len(f.Mentions) != 1 || f.Mentions[0].ID != unit || f.Mentions[0].Total != 2 {
		t.Errorf("topics %+v, mentions %+v", f.Topics, f.Mentions)
	}
	if len(f.Types) != 1 || f.Types[0].Key != string(monitoring.Online) || f.Types[0].Total != 7 {
		t.Errorf("types: %+v", f.Types)
	}
	if share := f.NegativeShare(); share < 0.428 || share > 0.429 {
		t.Errorf("negative share %v, want 3 of 7", share)
	}
	// Narrowed to the unit: only the two that mention it.
	f, _ = s.Figures(ctx, monitoring.ListQuery{TopicID: topic, MentionID: unit}, monitoring.Period{From: riga(2063, 10, 1, 0, 0), To: riga(2063, 12, 1, 0, 0)}, monitoring.ByMonth)
	if f.Total != 2 || f.Tones[monitoring.Negative] != 2 {
		t.Errorf("the unit's: %d %v", f.Total, f.Tones)
	}
}

func TestBucketsAndPeriods(t *testing.T) {
	for _, c := range []struct {
		name string
		got  string
		want string
	}{
		{"a week of a Sunday", monitoring.Weekly.PeriodOf(riga(2063, 10, 28, 23, 30)).Dates(), "22.10.2063.–28.10.2063."},
		{"a week of a Monday's first minute", monitoring.Weekly.PeriodOf(riga(2063, 10, 29, 0, 0)).Dates(), "29.10.2063.–04.11.2063."},
		{"last week, on a Monday morning", monitoring.Weekly.Last(riga(2063, 10, 29, 8, 0)).Dates(), "22.10.2063.–28.10.2063."},
		{"last month, on the 1st", monitoring.Monthly.Last(riga(2063, 11, 1, 8, 0)).Dates(), "01.10.2063.–31.10.2063."},
		{"the month before March", monitoring.Monthly.Before(monitoring.Monthly.PeriodOf(riga(2064, 3, 15, 0, 0))).Dates(), "01.02.2064.–29.02.2064."},
		{"the week before, across the year", monitoring.Weekly.Before(monitoring.Weekly.PeriodOf(riga(2064, 1, 2, 0, 0))).Dates(), "24.12.2063.–30.12.2063."},
		{"days of a week with 25 hours more", fmt.Sprint(monitoring.Weekly.PeriodOf(riga(2063, 10, 28, 0, 0)).Days()), "7"},
		{"days of the 25-hour day's buckets", fmt.Sprint(len(monitoring.Buckets(monitoring.Period{From: riga(2063, 10, 28, 0, 0), To: riga(2063, 10, 30, 0, 0)}, monitoring.ByDay))), "2"},
		{"a year by week", fmt.Sprint(len(monitoring.Buckets(monitoring.Period{From: riga(2063, 1, 1, 0, 0), To: riga(2064, 1, 1, 0, 0)}, monitoring.ByWeek))), "53"},
	} {
		if c.got != c.want {
			t.Errorf("%s: %s, want %s", c.name, c.got, c.want)
		}
	}
}

func TestSpikeRule(t *testing.T) {
	for _, c := range []struct {
		today, before int
		multiple      float64
		minimum       int
		want          bool
	}{
		{5, 28, 2.0, 3, true},   // 5 > 2 × 1
		{2, 28, 2.0, 1, false},  // 2 is not above 2 × 1
		{3, 28, 2.0, 5, false},  // above, but under the minimum
		{5, 0, 2.0, 5, true},    // nothing before: the minimum decides
		{4, 0, 2.0, 5, false},   // nothing before, under the minimum
		{11, 140, 2.0, 5, true}, // 11 > 2 × 5
		{10, 140, 2.0, 5, false},
		{6, 112, 1.5, 5, false}, // 6 = 1,5 × 4
		{7, 112, 1.5, 5, true},
	} {
		if _, got := monitoring.Spike(c.today, c.before, monitoring.SpikeDays, c.multiple, c.minimum); got != c.want {
			t.Errorf("today %d, %d in 28 days, ×%v, at least %d: %v, want %v", c.today, c.before, c.multiple, c.minimum, got, c.want)
		}
	}
}
