package reports

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
)

// The schedule: every morning at 07:30 (Riga) a job prepares the draft of
// last week's report (from Monday on) and of last month's (from the
// month's first day on) unless it is there, and tells the heads by mail
// that it waits for their words. A submitted report goes to the
// directors by mail at once; a comment goes to the other side.

// PrepareArgs is the morning job that prepares the due drafts.
type PrepareArgs struct{}

// Kind names the job in River's table.
func (PrepareArgs) Kind() string { return "reports_prepare" }

type prepareWorker struct {
	river.WorkerDefaults[PrepareArgs]
	store *periodicStore
}

func (w *prepareWorker) Work(ctx context.Context, _ *river.Job[PrepareArgs]) error {
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return err
	}
	_, err = w.store.prepareDue(ctx, client)
	return err
}

// prepareAt is when the morning job runs: before the working day, so the
// head finds the draft on arrival.
var prepareAt = jobs.DailyAt{Hour: 7, Minute: 30}

// RegisterSchedule makes the job client prepare the due drafts every
// morning.
func RegisterSchedule(reg *jobs.Registry, d Deps) {
	if d.Now == nil {
		d.Now = time.Now
	}
	jobs.Add(reg, &prepareWorker{store: storeOf(d)})
	reg.Periodic(river.NewPeriodicJob(prepareAt,
		func() (river.JobArgs, *river.InsertOpts) { return PrepareArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: false}))
}

// PrepareDue is the morning job's run with d's pool and clock: it makes
// the drafts of last week and last month that are not there, telling the
// heads of each through client, and returns how many it made.
func PrepareDue(ctx context.Context, d Deps, client *jobs.Client) (int, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	return storeOf(d).prepareDue(ctx, client)
}

func (s *periodicStore) prepareDue(ctx context.Context, client *jobs.Client) (int, error) {
	today := calendar.DateOf(s.now())
	made := 0
	for _, k := range ReportKinds {
		_, ok, err := s.CreateReport(ctx, client, k, k.Last(today))
		if err != nil {
			return made, fmt.Errorf("preparing the %s report: %w", k, err)
		}
		if ok {
			made++
		}
	}
	return made, nil
}

// lv is the context the mail is written in: the department's language.
func lv() context.Context { return i18n.WithLocale(context.Background(), "lv") }

func signedMail(ctx context.Context, lines ...string) string {
	return strings.Join(append(lines, "", i18n.T(ctx, "reports.periodic.mail.signature")), "\n") + "\n"
}

// draftMail tells a head that the draft of a report waits for their words.
func draftMail(kind ReportKind, p Period, id int64, u mailUser, base string) mail.Message {
	ctx := lv()
	title := ReportTitle(ctx, kind, p)
	return mail.Message{To: u.Email, ToName: u.Name, Entity: "department_report", EntityID: id,
		Subject: i18n.T(ctx, "reports.periodic.mail.draft_subject", title),
		Body: signedMail(ctx, i18n.T(ctx, "reports.periodic.mail.greeting"), "",
			i18n.T(ctx, "reports.periodic.mail.draft_lead", title), "", base+reportURL(id))}
}

// submittedMail gives a director a submitted report: its main figures,
// the notable items counted, and the link. The head's words stay on the
// page: free text may name people, and a mail is kept in the outbox.
func submittedMail(d DeptReport, c reportContent, u mailUser, by *auth.User, base string) mail.Message {
	ctx := lv()
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	title := ReportTitle(ctx, d.Kind, d.Period)
	who := ""
	if by != nil {
		who = by.FullName
	}
	lines := []string{t("reports.periodic.mail.greeting"), "", t("reports.periodic.mail.submitted_lead", i18n.M{"title": title, "who": who}), ""}
	for _, s := range panelSources {
		for _, pd := range c.Panels {
			if pd.Area != s.Area {
				continue
			}
			vals, has := pd.inOrder(s)
			lines = append(lines, t("area."+s.Area))
			for k, f := range s.Figures {
				if has[k] && len(vals[0]) == len(s.Figures) && len(vals[1]) == len(s.Figures) {
					lines = append(lines, "  "+t("reports.dashboard.fig."+f.Key)+": "+figureText(ctx, f, vals[0][k])+
						" ("+t("reports.periodic.mail.before", figureText(ctx, f, vals[1][k]))+")")
				}
			}
		}
	}
	lines = append(lines, "", t("reports.periodic.notable"))
	for _, g := range c.Notable {
		lines = append(lines, "  "+t("reports.periodic.notable_"+g.Key)+": "+i18n.Number(int64(len(g.Items))))
	}
	lines = append(lines, "", t("reports.periodic.mail.link"), base+reportURL(d.ID))
	return mail.Message{To: u.Email, ToName: u.Name, Entity: "department_report", EntityID: d.ID,
		Subject: t("reports.periodic.mail.submitted_subject", title), Body: signedMail(ctx, lines...)}
}

// commentMail tells the other side of a comment on a report's section;
// the comment's words stay on the page.
func commentMail(d DeptReport, section string, by *auth.User, u mailUser, base string) mail.Message {
	ctx := lv()
	title := ReportTitle(ctx, d.Kind, d.Period)
	who := ""
	if by != nil {
		who = by.FullName
	}
	return mail.Message{To: u.Email, ToName: u.Name, Entity: "department_report", EntityID: d.ID,
		Subject: i18n.T(ctx, "reports.periodic.mail.comment_subject", title),
		Body: signedMail(ctx, i18n.T(ctx, "reports.periodic.mail.greeting"), "",
			i18n.T(ctx, "reports.periodic.mail.comment_lead", i18n.M{"who": who, "section": sectionName(ctx, section), "title": title}),
			"", base+reportURL(d.ID)+"#section-"+sectionAnchor(section))}
}
