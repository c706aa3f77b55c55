package monitoring

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
)

// The schedule: every morning at 08:00 (Riga) a job mails the reports
// whose time has come (store_schedule.go's SendDueReports); every hour a
// job looks for a jump in the day's coverage (CheckSpikes); every night a
// job deletes the old items no rule matched (PurgeUnmatched). Both queue
// their mail through the client that runs them.

// ReportsArgs is the daily job that makes and mails the due reports.
type ReportsArgs struct{}

// Kind names the job in River's table.
func (ReportsArgs) Kind() string { return "monitoring_reports" }

// PurgeArgs is the nightly job that deletes the old items no rule matched.
type PurgeArgs struct{}

// Kind names the job in River's table.
func (PurgeArgs) Kind() string { return "monitoring_purge_items" }

type purgeWorker struct {
	river.WorkerDefaults[PurgeArgs]
	store *Store
}

func (w *purgeWorker) Work(ctx context.Context, _ *river.Job[PurgeArgs]) error {
	_, err := w.store.PurgeUnmatched(ctx)
	return err
}

// SpikesArgs is the hourly job that alerts the heads of a jump in
// coverage.
type SpikesArgs struct{}

// Kind names the job in River's table.
func (SpikesArgs) Kind() string { return "monitoring_spikes" }

type reportsWorker struct {
	river.WorkerDefaults[ReportsArgs]
	store *Store
}

func (w *reportsWorker) Work(ctx context.Context, _ *river.Job[ReportsArgs]) error {
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return err
	}
	_, err = w.store.SendDueReports(ctx, client)
	return err
}

type spikesWorker struct {
	river.WorkerDefaults[SpikesArgs]
	store *Store
}

func (w *spikesWorker) Work(ctx context.Context, _ *river.Job[SpikesArgs]) error {
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return err
	}
	_, err = w.store.CheckSpikes(ctx, client)
	return err
}

// hourlyAt fires every hour at minute past.
type hourlyAt struct{ minute int }

func (h hourlyAt) Next(t time.Time) time.Time {
	next := t.Truncate(time.Hour).Add(time.Duration(h.minute) * time.Minute)
	if !next.After(t) {
		next = next.Add(time.Hour)
	}
	return next
}

// purgeHour is the hour in Riga the old unmatched items are deleted: the
// night, when nobody reads the inbox.
const purgeHour = 3

// RegisterSchedule makes the job client mail the due reports every
// morning at 08:00, look for spikes every hour at five past and delete the
// old unmatched items every night, through store (its job client may be
// nil).
func RegisterSchedule(reg *jobs.Registry, store *Store) {
	jobs.Add(reg, &reportsWorker{store: store})
	jobs.Add(reg, &spikesWorker{store: store})
	jobs.Add(reg, &purgeWorker{store: store})
	reg.Periodic(river.NewPeriodicJob(jobs.DailyAt{Hour: purgeHour},
		func() (river.JobArgs, *river.InsertOpts) { return PurgeArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: false}))
	reg.Periodic(river.NewPeriodicJob(jobs.DailyAt{Hour: sendHour},
		func() (river.JobArgs, *river.InsertOpts) { return ReportsArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: false}))
	reg.Periodic(river.NewPeriodicJob(hourlyAt{minute: 5},
		func() (river.JobArgs, *river.InsertOpts) { return SpikesArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: false}))
}

// lv is the context the mail is written in: the department's language.
func lv() context.Context { return i18n.WithLocale(context.Background(), "lv") }

// ReportTitle names a report: "Nedēļas pārskats: 23.11.2026.–29.11.2026."
// or "Mēneša pārskats: 2026. gada novembris".
func ReportTitle(ctx context.Context, kind ReportKind, p Period) string {
	if kind == Monthly {
		return i18n.T(ctx, "monitoring.report.title_monthly", i18n.Month(ctx, p.From))
	}
	return i18n.T(ctx, "monitoring.report.title_weekly", p.Dates())
}

// Change is a count against the period before: "+7 (+25,0 %)", "−3
// (−10,0 %)", "0", or "+5" when the period before had none.
func Change(ctx context.Context, now, before int64) string {
	d := now - before
	sign := "+"
	if d < 0 {
		sign = "−"
		d = -d
	}
	if d == 0 {
		return "0"
	}
	s := sign + i18n.Number(d)
	if before > 0 {
		s += " (" + sign + i18n.Percent(ctx, float64(d)/float64(before)) + ")"
	}
	return s
}

// reportMail is a report's mail to one recipient, in Latvian: its figures
// against the period before, the summary, and the link to its page.
func reportMail(m MediaReport, cur, prev Figures, r Recipient, base string) mail.Message {
	ctx := lv()
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	line(t("monitoring.report.mail.greeting"))
	line("")
	line(t("monitoring.report.mail.lead", ReportTitle(ctx, m.Kind, m.Period)))
	line("")
	line(t("monitoring.report.mail.total", i18n.M{"n": i18n.Number(int64(cur.Total)), "before": i18n.Number(int64(prev.Total)),
		"change": Change(ctx, int64(cur.Total), int64(prev.Total))}))
	var tones []string
	for _, tone := range Tones {
		tones = append(tones, strings.ToLower(t("monitoring.tone."+string(tone)))+" "+i18n.Number(int64(cur.Tones[tone])))
	}
	line(t("monitoring.report.mail.tones", strings.Join(tones, ", ")))
	line(t("monitoring.report.mail.negative", i18n.Percent(ctx, cur.NegativeShare())))
	line(t("monitoring.report.mail.reach", i18n.Number(cur.Reach)))
	if len(cur.Outlets) > 0 {
		var top []string
		for _, g := range cur.Outlets[:min(3, len(cur.Outlets))] {
			top = append(top, g.Name+" ("+i18n.Number(int64(g.Total))+")")
		}
		line(t("monitoring.report.mail.outlets", strings.Join(top, ", ")))
	}
	if s := strings.TrimSpace(m.Summary); s != "" {
		line("")
		line(t("monitoring.report.mail.summary"))
		line(s)
	}
	line("")
	line(t("monitoring.report.mail.link"))
	line(base + reportURL(m.ID))
	line("")
	line(t("monitoring.report.mail.signature"))
	return mail.Message{To: r.Email, ToName: r.Name, Entity: "monitoring_report", EntityID: m.ID,
		Subject: t("monitoring.report.mail.subject", ReportTitle(ctx, m.Kind, m.Period)), Body: b.String()}
}

// alertMail is a spike alert's mail to one head, in Latvian.
func alertMail(a Alert, now time.Time, name, email, base string) mail.Message {
	ctx := lv()
	args := i18n.M{"date": i18n.Date(a.Day), "time": now.In(i18n.Riga).Format("15:04"), "n": i18n.Number(int64(a.Count)),
		"avg": i18n.Decimal(ctx, a.Average, 1), "multiple": i18n.Decimal(ctx, a.Multiple, 1), "days": SpikeDays,
		"topic": a.TopicName}
	q := url.Values{"from": {i18n.Date(a.Day)}, "to": {i18n.Date(a.Day)}}
	subject, lead := "monitoring.alerts.mail.subject_all", "monitoring.alerts.mail.lead_all"
	if a.TopicID != nil {
		q.Set("topic", idText(*a.TopicID))
		subject, lead = "monitoring.alerts.mail.subject_topic", "monitoring.alerts.mail.lead_topic"
	}
	body := strings.Join([]string{
		i18n.T(ctx, "monitoring.report.mail.greeting"), "",
		i18n.T(ctx, lead, args),
		i18n.T(ctx, "monitoring.alerts.mail.average", args), "",
		i18n.T(ctx, "monitoring.alerts.mail.list"), base + "/monitoring?" + q.Encode(), "",
		i18n.T(ctx, "monitoring.alerts.mail.trends"), base + "/monitoring/trends", "",
		i18n.T(ctx, "monitoring.report.mail.signature"),
	}, "\n")
	return mail.Message{To: email, ToName: name, Entity: "monitoring_alert", EntityID: a.ID,
		Subject: i18n.T(ctx, subject, args), Body: body + "\n"}
}

func reportURL(id int64) string { return "/monitoring/reports/" + idText(id) }
