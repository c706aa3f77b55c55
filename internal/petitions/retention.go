package petitions

// Retention: once a case's retention period has run out, the personal data
// of its finished submissions is removed and the statistics stay. What goes:
// the person's name, personal code, address, e-mail and phone; the summary
// (written from the person's letter, it names people and addresses); the
// answer's text and files and the scans (letters to and from the person);
// and the recipient and text of the mail sent to them. What stays: number,
// case, type, channel, dates, state, addressee, executors, the answer's
// number, date and channel, the timeline, and the notices' fate, so Summary
// and the lists count the same after as before. The audit log records, for
// each submission, which fields and files went, never their content.

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/web"
)

// retentionDue is a finished submission whose personal data is due for removal.
type retentionDue struct {
	ID             int64     `db:"id"`
	RegNumber      string    `db:"reg_number"`
	CaseID         int64     `db:"case_id"`
	CaseIndex      string    `db:"case_index"`
	CaseTitle      string    `db:"case_title"`
	RetentionYears int       `db:"retention_years"`
	EndedAt        time.Time `db:"ended_at"`
	Files          int       `db:"files"`
}

// retentionCutoff is the first moment a submission of a case kept for years
// may not have ended at to be due at asOf. Archives count a retention
// period from 1 January of the year after the case was finished, so a
// submission closed on any day of 2020 and kept 5 years is due from
// 1 January 2026: due when it ended before 1 January of (asOf's year − years).
func retentionCutoff(asOf time.Time, years int) time.Time {
	return time.Date(asOf.In(i18n.Riga).Year()-years, time.January, 1, 0, 0, 0, 0, i18n.Riga)
}

// retentionDueAt lists the submissions due at asOf, by case and number. A
// submission is finished when closed (closed_at), or forwarded, left
// unexamined or joined (no later step changes it, so updated_at is when).
// Cases kept permanently are never due. One query a case, with the case's
// cutoff as a value, so each is a range of petitions_retention_idx (whose
// condition the query repeats) and not a pass over the whole registry.
func (s *Store) retentionDueAt(ctx context.Context, q db.Querier, asOf time.Time) ([]retentionDue, error) {
	rows, _ := q.Query(ctx, `select id, case_index, title, retention_years, null::bigint as responsible_id,
			'' as responsible, active, version
		from doc_cases where retention_years is not null order by case_index collate "lv-x-icu"`)
	cases, err := pgx.CollectRows(rows, pgx.RowToStructByName[Case])
	if err != nil {
		return nil, err
	}
	var out []retentionDue
	for _, c := range cases {
		rows, _ := q.Query(ctx, `
			select p.id, p.reg_number, p.case_id, $3 as case_index, $4 as case_title, $5::int as retention_years,
			       coalesce(p.closed_at, p.updated_at) as ended_at,
			       (select count(*) from petition_files f where f.petition_id = p.id)::int as files
			from petitions p
			where p.case_id = $1
			  and p.personal_data_removed_at is null
			  and p.state in ('closed', 'forwarded', 'unexamined', 'joined')
			  and coalesce(p.closed_at, p.updated_at) < $2
			order by p.reg_year, p.reg_seq`,
			c.ID, retentionCutoff(asOf, *c.RetentionYears), c.CaseIndex, c.Title, *c.RetentionYears)
		due, err := pgx.CollectRows(rows, pgx.RowToStructByName[retentionDue])
		if err != nil {
			return nil, err
		}
		out = append(out, due...)
	}
	return out, nil
}

// RetentionResult is what one run removed.
type RetentionResult struct {
	Petitions int
	Files     int
	Numbers   []string
}

// RemoveExpiredPersonalData removes the personal data of every submission
// due at asOf, one transaction each (a failure leaves the others done),
// attributed to the user of ctx or to the system.
func RemoveExpiredPersonalData(ctx context.Context, pool *pgxpool.Pool, fs *files.Store, asOf time.Time) (RetentionResult, error) {
	var res RetentionResult
	due, err := NewStore(pool).retentionDueAt(ctx, pool, asOf)
	if err != nil {
		return res, err
	}
	for _, d := range due {
		var done bool
		var nfiles int
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			var err error
			done, nfiles, err = removePersonalData(ctx, tx, fs, d)
			return err
		})
		if err != nil {
			return res, fmt.Errorf("removing personal data of %s: %w", d.RegNumber, err)
		}
		if done {
			res.Petitions++
			res.Files += nfiles
			res.Numbers = append(res.Numbers, d.RegNumber)
		}
	}
	if res.Petitions == 0 {
		return res, nil
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		return audit.Record(ctx, tx, audit.Entry{Entity: "petition_retention", EntityID: "", Action: "run",
			Summary: fmt.Sprintf("Glabāšanas termiņiem beidzoties, personas dati dzēsti %d iesniegumiem, faili: %d", res.Petitions, res.Files),
			Details: map[string]any{"as_of": asOf, "reg_numbers": res.Numbers, "files": res.Files}})
	})
	return res, err
}

// removedFieldNames name the removed fields in the audit log's Latvian.
var removedFieldNames = map[string]string{
	"person_name": "vārds un uzvārds", "person_code": "personas kods", "person_address": "adrese",
	"person_email": "e-pasts", "person_phone": "tālrunis", "summary": "izklāsts",
	"answer_text": "atbildes teksts", "mail": "e-pasta vēstuļu adresāts un teksts",
}

// removePersonalData removes one submission's personal data inside tx. It
// reports false when another run got there first.
func removePersonalData(ctx context.Context, tx pgx.Tx, fs *files.Store, d retentionDue) (bool, int, error) {
	var st struct {
		Removed                                bool
		Name, Code, Address, Email, Phone, Sum bool
	}
	err := tx.QueryRow(ctx, `select personal_data_removed_at is not null, person_name <> '', person_code <> '',
			person_address <> '', person_email <> '', person_phone <> '', summary <> ''
		from petitions where id = $1 for update`, d.ID).
		Scan(&st.Removed, &st.Name, &st.Code, &st.Address, &st.Email, &st.Phone, &st.Sum)
	if err != nil {
		return false, 0, err
	}
	if st.Removed {
		return false, 0, nil
	}
	var fields []string
	for _, f := range []struct {
		had  bool
		name string
	}{{st.Name, "person_name"}, {st.Code, "person_code"}, {st.Address, "person_address"},
		{st.Email, "person_email"}, {st.Phone, "person_phone"}, {st.Sum, "summary"}} {
		if f.had {
			fields = append(fields, f.name)
		}
	}
	if _, err := tx.Exec(ctx, `update petitions set person_name = '', person_code = '', person_address = '',
			person_email = '', person_phone = '', summary = '', personal_data_removed_at = now(),
			version = version + 1, updated_at = now()
		where id = $1`, d.ID); err != nil {
		return false, 0, err
	}
	tag, err := tx.Exec(ctx, `update petition_answers set body = '', updated_at = now() where petition_id = $1 and body <> ''`, d.ID)
	if err != nil {
		return false, 0, err
	}
	if tag.RowsAffected() > 0 {
		fields = append(fields, "answer_text")
	}
	// The outbox keeps what was sent and whether it went; whom to and what it said go.
	rows, _ := tx.Query(ctx, `update mail_outbox set to_address = 'dzēsts', to_name = '', body_text = '', last_error = '',
			updated_at = now()
		where entity = 'petition' and entity_id = $1 and to_address <> 'dzēsts' returning id`, strconv.FormatInt(d.ID, 10))
	outbox, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return false, 0, err
	}
	if len(outbox) > 0 {
		fields = append(fields, "mail")
	}

	// The rows go now, the blobs with the next sweep once nothing else holds the same bytes.
	rows, _ = tx.Query(ctx, `delete from petition_files where petition_id = $1 returning file_id, kind`, d.ID)
	type gone struct {
		FileID int64  `db:"file_id"`
		Kind   string `db:"kind"`
	}
	removed, err := pgx.CollectRows(rows, pgx.RowToStructByName[gone])
	if err != nil {
		return false, 0, err
	}
	scanIDs, answerIDs := []int64{}, []int64{}
	for _, g := range removed {
		var shared bool
		if err := tx.QueryRow(ctx, `select exists(select 1 from petition_files where file_id = $1)`, g.FileID).Scan(&shared); err != nil {
			return false, 0, err
		}
		if !shared {
			// An upload's name is often the person's ("Ābele_iesniegums.pdf"),
			// and Delete writes the name it deletes into the audit log: the row
			// goes with a plain one, inside the same transaction.
			if _, err := tx.Exec(ctx, `update files set name = 'fails-' || id where id = $1`, g.FileID); err != nil {
				return false, 0, err
			}
			if err := fs.Delete(ctx, tx, g.FileID); err != nil {
				return false, 0, err
			}
		}
		if g.Kind == "scan" {
			scanIDs = append(scanIDs, g.FileID)
		} else {
			answerIDs = append(answerIDs, g.FileID)
		}
	}

	details := map[string]any{"fields": fields, "scan_file_ids": scanIDs, "answer_file_ids": answerIDs}
	if err := AddEvent(ctx, tx, d.ID, "personal_data_removed", "", "", "", details); err != nil {
		return false, 0, err
	}
	named := make([]string, len(fields))
	for i, f := range fields {
		named[i] = removedFieldNames[f]
	}
	what := strings.Join(named, ", ")
	if what == "" {
		what = "nekas"
	}
	details["reg_number"] = d.RegNumber
	details["case_index"] = d.CaseIndex
	details["retention_years"] = d.RetentionYears
	details["ended_at"] = d.EndedAt
	details["outbox_ids"] = outbox
	return true, len(removed), audit.Record(ctx, tx, audit.Entry{
		Entity: "petition", EntityID: d.ID, Action: "remove_personal_data",
		Summary: fmt.Sprintf("Beidzoties lietas %s glabāšanas termiņam (%d g.), no iesnieguma %s dzēsti personas dati: %s; skenējumi: %d, atbildes faili: %d",
			d.CaseIndex, d.RetentionYears, d.RegNumber, what, len(scanIDs), len(answerIDs)),
		Details: details,
	})
}

// retentionCase is one case's share of what the job will remove.
type retentionCase struct {
	CaseIndex, Title string
	Years            int
	Cutoff           time.Time
	Items            []retentionDue
	Files            int
}

// retentionShown caps the numbers listed for one case; the count is always whole.
const retentionShown = 200

// retentionView is the preview of the next run.
type retentionView struct {
	AsOf    time.Time
	Cases   []retentionCase
	Total   int
	Files   int
	LastRun *lastRetentionRun
}

type lastRetentionRun struct {
	At      time.Time `db:"created_at"`
	Actor   string    `db:"actor_name"`
	Summary string    `db:"summary"`
}

func groupRetention(due []retentionDue, asOf time.Time) []retentionCase {
	var out []retentionCase
	for _, d := range due {
		if len(out) == 0 || out[len(out)-1].CaseIndex != d.CaseIndex {
			out = append(out, retentionCase{CaseIndex: d.CaseIndex, Title: d.CaseTitle, Years: d.RetentionYears,
				Cutoff: retentionCutoff(asOf, d.RetentionYears)})
		}
		c := &out[len(out)-1]
		c.Items = append(c.Items, d)
		c.Files += d.Files
	}
	return out
}

// retention shows what the job will remove if it runs now.
func (h *Handler) retention(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := retentionView{AsOf: time.Now()}
	due, err := h.store.retentionDueAt(ctx, h.deps.Pool, v.AsOf)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Cases = groupRetention(due, v.AsOf)
	for _, c := range v.Cases {
		v.Total += len(c.Items)
		v.Files += c.Files
	}
	rows, _ := h.deps.Pool.Query(ctx, `select created_at, actor_name, summary from audit_log
		where entity = 'petition_retention' and action = 'run' order by id desc limit 1`)
	last, err := pgx.CollectRows(rows, pgx.RowToStructByName[lastRetentionRun])
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if len(last) > 0 {
		v.LastRun = &last[0]
	}
	web.Render(w, r, http.StatusOK, retentionPage(v))
}

// retentionStale is how old a preview may be when its button is pressed.
const retentionStale = time.Hour

// retentionRun removes now what the preview showed: the run is as of the
// moment the preview was drawn, so nothing that page did not list goes.
func (h *Handler) retentionRun(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	asOf, err := time.Parse(time.RFC3339Nano, f.Raw("as_of"))
	if err != nil || asOf.After(time.Now()) {
		web.Error(w, r, errs.Invalid)
		return
	}
	if time.Since(asOf) > retentionStale {
		web.RedirectWithFlash(w, r, h.deps.Sessions, "/petitions/retention", i18n.T(ctx, "petitions.data.retention_stale"))
		return
	}
	due, err := h.store.retentionDueAt(ctx, h.deps.Pool, asOf)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if len(due) > retentionInline {
		// The first run after years of keeping everything can be thousands of
		// transactions: the job client does it, as of the same moment, in the
		// name of whoever pressed the button.
		args := RetentionArgs{AsOf: asOf}
		if u := auth.UserFrom(ctx); u != nil {
			args.UserID = u.ID
		}
		if _, err := h.deps.Jobs.Insert(ctx, args, nil); err != nil {
			web.Error(w, r, err)
			return
		}
		web.RedirectWithFlash(w, r, h.deps.Sessions, "/petitions/retention",
			i18n.T(ctx, "petitions.data.retention_queued", i18n.Number(int64(len(due)))))
		return
	}
	res, err := RemoveExpiredPersonalData(ctx, h.deps.Pool, h.deps.Files, asOf)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.deps.Sessions, "/petitions/retention",
		i18n.T(ctx, "petitions.data.retention_done", i18n.M{"n": i18n.Number(int64(res.Petitions)), "files": i18n.Number(int64(res.Files))}))
}

// retentionInline is how many submissions the button clears while the
// person waits; more go to the job client.
const retentionInline = 300

// RetentionArgs is the job removing expired personal data: nightly as of
// its run, or as of a preview a user confirmed.
type RetentionArgs struct {
	AsOf   time.Time `json:"as_of,omitzero"`
	UserID int64     `json:"user_id,omitempty"` // who confirmed it; 0: the system
}

// Kind names the job in River's table.
func (RetentionArgs) Kind() string { return "petitions_retention" }

type retentionWorker struct {
	river.WorkerDefaults[RetentionArgs]
	pool  *pgxpool.Pool
	files *files.Store
}

func (w *retentionWorker) Work(ctx context.Context, job *river.Job[RetentionArgs]) error {
	asOf := job.Args.AsOf
	if asOf.IsZero() {
		asOf = time.Now()
	}
	if job.Args.UserID != 0 {
		u, err := auth.NewUsers(w.pool).ByID(ctx, job.Args.UserID)
		if err != nil {
			return err
		}
		ctx = auth.WithUser(ctx, u)
	}
	_, err := RemoveExpiredPersonalData(ctx, w.pool, w.files, asOf)
	return err
}

// Timeout leaves a first run over a large registry time to finish; what it
// does not finish, the next run does.
func (w *retentionWorker) Timeout(*river.Job[RetentionArgs]) time.Duration { return time.Hour }

// dailyAt is a schedule for once a day at a wall-clock time in Riga, kept
// across the change to and from summer time.
type dailyAt struct{ hour, minute int }

func (d dailyAt) Next(t time.Time) time.Time {
	l := t.In(i18n.Riga)
	next := time.Date(l.Year(), l.Month(), l.Day(), d.hour, d.minute, 0, 0, i18n.Riga)
	if !next.After(t) {
		next = time.Date(l.Year(), l.Month(), l.Day()+1, d.hour, d.minute, 0, 0, i18n.Riga)
	}
	return next
}

// RegisterRetention makes the job client remove expired personal data every
// night, when nobody is working in the registry.
func RegisterRetention(reg *jobs.Registry, pool *pgxpool.Pool, fs *files.Store) {
	jobs.Add(reg, &retentionWorker{pool: pool, files: fs})
	reg.Periodic(river.NewPeriodicJob(dailyAt{hour: 3, minute: 15},
		func() (river.JobArgs, *river.InsertOpts) { return RetentionArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: false}))
}
