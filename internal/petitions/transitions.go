package petitions

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// actMarkNotice is not a step of the submission: staff record that a printed
// (or e-address) notice has been handed over for delivery.
const actMarkNotice Action = "notice_sent"

// actionInput is what the action forms post, kept to show the form again.
type actionInput struct {
	Note          string
	Resolution    string
	ExecutorUsers []string
	ExecutorUnits string
	ExecDue       string
	AnswerNumber  string
	AnswerDate    string
	AnswerChannel string
	AnswerText    string
	Institution   string
	Reason        string
	Target        string
	NoticeID      string
}

// defaultInput fills the forms with what the person would type most often.
func defaultInput(v cardView) actionInput {
	in := actionInput{
		ExecDue:       i18n.Date(v.P.LegalDueDate),
		AnswerDate:    i18n.Date(v.Today),
		AnswerChannel: v.ReplyChannel(),
	}
	for _, e := range v.Executors {
		if e.UserID != nil {
			in.ExecutorUsers = append(in.ExecutorUsers, strconv.FormatInt(*e.UserID, 10))
		} else {
			in.ExecutorUnits += e.Unit + "\n"
		}
	}
	if len(v.Executors) > 0 {
		in.ExecDue = i18n.Date(v.Executors[0].DueDate)
	}
	return in
}

// parsed is an action's input once checked.
type parsed struct {
	in        actionInput
	version   int
	users     []int64
	units     []string
	execDue   time.Time
	answerOn  time.Time
	targetID  int64
	noticeID  int64
	answerTmp *files.Staged
}

// transition takes one step on a submission: parse, check, and in one
// transaction lock it, check the step is still allowed and the form not
// stale, change it, and write the timeline and the audit log.
func (h *Handler) transition(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := petitionID(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	act := Action(chi.URLParam(r, "action"))
	if _, known := transitions[act]; !known && act != actMarkNotice {
		web.Error(w, r, errs.NotFound)
		return
	}
	p, actor, err := h.readable(ctx, h.deps.Pool, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}

	var f *form.Values
	var upload *files.Upload
	if act == ActAnswer && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		upload, err = h.deps.Files.ReadMultipart(w, r, files.Limits{Allowed: []string{files.PDF, files.JPEG, files.PNG, files.TIFF}, MaxFiles: 1})
		if err != nil {
			web.Error(w, r, err)
			return
		}
		defer upload.Close()
	}
	if f, err = form.Read(r); err != nil {
		web.Error(w, r, err)
		return
	}
	if !h.mayAct(act, p, actor) {
		h.refuse(w, r, p, actor, act, i18n.T(ctx, "petitions.card.refused"))
		return
	}
	if act == ActExtend && p.Extended {
		h.refuse(w, r, p, actor, act, i18n.T(ctx, "petitions.card.already_extended"))
		return
	}
	in, err := h.parseAction(ctx, act, p, f, upload)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if f.Errors.Any() {
		h.reshow(w, r, p, actor, act, in.in, f.Errors)
		return
	}

	var msg string
	err = pgx.BeginFunc(ctx, h.deps.Pool, func(tx pgx.Tx) error {
		cur, err := h.store.GetForUpdate(ctx, tx, id)
		if err != nil {
			return err
		}
		a := Actor{User: actor.User, IsAddressee: cur.AddresseeID == actor.User.ID}
		if a.IsExecutor, err = h.store.IsExecutor(ctx, tx, cur.ID, actor.User.ID); err != nil {
			return err
		}
		if !h.mayAct(act, cur, a) || (act == ActExtend && cur.Extended) {
			return errRefused
		}
		if act != actMarkNotice && in.version != cur.Version {
			return errs.Conflict
		}
		msg, err = h.apply(ctx, tx, act, cur, in)
		return err
	})
	var fe *fieldError
	switch {
	case errors.Is(err, errRefused):
		h.refuse(w, r, p, actor, act, i18n.T(ctx, "petitions.card.refused"))
	case errors.Is(err, errs.Conflict):
		h.refuse(w, r, p, actor, act, i18n.T(ctx, "errors.conflict"))
	case errors.As(err, &fe):
		f.Add(fe.field, fe.key)
		h.reshow(w, r, p, actor, act, in.in, f.Errors)
	case err != nil:
		web.Error(w, r, err)
	default:
		web.RedirectWithFlash(w, r, h.deps.Sessions, petitionPath(id), msg)
	}
}

var errRefused = errors.New("petitions: action not allowed now")

// fieldError is a check only the database can make (a number taken), found inside the transaction.
type fieldError struct{ field, key string }

func (e *fieldError) Error() string { return "field " + e.field + ": " + e.key }

func (h *Handler) mayAct(act Action, p *Petition, a Actor) bool {
	if act == actMarkNotice {
		return a.User != nil && (a.User.Has(auth.RoleStaff) || a.User.Has(auth.RoleHead))
	}
	_, ok := Allowed(act, p.State, a)
	return ok
}

// refuse shows the card as it is now with why nothing was done (409).
// reshow draws the card again with act's form open as it was typed and its
// errors beside the fields; nothing was saved.
func (h *Handler) reshow(w http.ResponseWriter, r *http.Request, p *Petition, actor Actor, act Action, in actionInput, errs form.Errors) {
	v, err := h.fillCard(r.Context(), h.deps.Pool, p, actor)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Open, v.In, v.Errors = act, in, errs
	web.Render(w, r, http.StatusUnprocessableEntity, cardPage(v))
}

func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, p *Petition, actor Actor, act Action, msg string) {
	ctx := r.Context()
	cur, err := h.store.Get(ctx, h.deps.Pool, p.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v, err := h.fillCard(ctx, h.deps.Pool, cur, actor)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Problem = msg
	web.Render(w, r, http.StatusConflict, cardPage(v))
}

// parseAction reads and checks the fields of act's form; errors go to f.
func (h *Handler) parseAction(ctx context.Context, act Action, p *Petition, f *form.Values, up *files.Upload) (parsed, error) {
	var in parsed
	in.version = f.Version()
	in.in.Note = f.Text(string(act)+"_note", false, 2000)
	switch act {
	case ActResolve, ActReassign:
		if act == ActResolve {
			in.in.Resolution = f.Text("resolution", true, 4000)
		}
		if err := h.parseExecutors(ctx, p, f, &in); err != nil {
			return in, err
		}
	case ActAnswer:
		in.in.AnswerNumber = f.Text("answer_number", true, 60)
		in.in.AnswerDate = f.Text("answer_date", true, 20)
		if in.in.AnswerDate != "" && f.Errors.Get("answer_date") == "" {
			d, ok := i18n.ParseDate(in.in.AnswerDate)
			switch {
			case !ok:
				f.Add("answer_date", "petitions.card.bad_date")
			case calendar.DateOf(d).Before(calendar.DateOf(p.ReceivedAt)):
				f.Add("answer_date", "petitions.card.answer_before_receipt")
			case calendar.DateOf(d).After(calendar.DateOf(time.Now())):
				f.Add("answer_date", "petitions.card.answer_in_future")
			default:
				in.answerOn = calendar.DateOf(d)
			}
		}
		in.in.AnswerChannel = string(form.Enum(f, "answer_channel", true, ReplyChannels))
		in.in.AnswerText = f.Text("answer_text", false, 20000)
		if up != nil {
			for _, pr := range up.Problems {
				if m, ok := files.Message(ctx, pr.Err); ok {
					f.Errors.Add("answer_file", m)
				}
			}
			if st := up.Field("answer_file"); len(st) > 0 {
				in.answerTmp = st[0]
			}
		}
		if in.in.AnswerText == "" && in.answerTmp == nil && f.Errors.Get("answer_text") == "" && f.Errors.Get("answer_file") == "" {
			f.Add("answer_text", "petitions.card.answer_text_or_file")
		}
	case ActForward:
		in.in.Institution = f.Text("institution", true, 300)
	case ActUnexamined, ActExtend:
		in.in.Reason = f.Text(string(act)+"_reason", true, 2000)
	case ActJoin:
		in.in.Target = f.Text("target", true, 60)
		if in.in.Target != "" && f.Errors.Get("target") == "" {
			var tid int64
			var tstate State
			err := h.deps.Pool.QueryRow(ctx, `select id, state from petitions where reg_number = $1`, in.in.Target).Scan(&tid, &tstate)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				f.Add("target", "petitions.card.join_unknown")
			case err != nil:
				return in, err
			case tid == p.ID:
				f.Add("target", "petitions.card.join_self")
			case tstate == Joined:
				f.Add("target", "petitions.card.join_joined")
			default:
				in.targetID = tid
			}
		}
	case actMarkNotice:
		in.in.NoticeID = f.Raw("notice_id")
		n, err := strconv.ParseInt(in.in.NoticeID, 10, 64)
		if err != nil {
			return in, errs.Invalid
		}
		in.noticeID = n
	}
	return in, nil
}

func (h *Handler) parseExecutors(ctx context.Context, p *Petition, f *form.Values, in *parsed) error {
	staff, err := h.store.PeopleWithRole(ctx, auth.RoleStaff, auth.RoleHead)
	if err != nil {
		return err
	}
	ids := make([]string, len(staff))
	for i, s := range staff {
		ids[i] = strconv.FormatInt(s.ID, 10)
	}
	in.in.ExecutorUsers = f.Choices("executor_users", ids...)
	for _, s := range in.in.ExecutorUsers {
		n, _ := strconv.ParseInt(s, 10, 64)
		in.users = append(in.users, n)
	}
	in.in.ExecutorUnits = f.Text("executor_units", false, 2000)
	seen := map[string]bool{}
	for _, line := range strings.Split(in.in.ExecutorUnits, "\n") {
		u := strings.TrimSpace(line)
		if u == "" || seen[strings.ToLower(u)] {
			continue
		}
		if len([]rune(u)) > 200 {
			f.Add("executor_units", "petitions.card.unit_too_long")
			break
		}
		seen[strings.ToLower(u)] = true
		in.units = append(in.units, u)
	}
	if len(in.users) == 0 && len(in.units) == 0 && f.Errors.Get("executor_users") == "" && f.Errors.Get("executor_units") == "" {
		f.Add("executor_users", "petitions.card.executor_required")
	}
	in.in.ExecDue = f.Text("exec_due", true, 20)
	if in.in.ExecDue != "" && f.Errors.Get("exec_due") == "" {
		d, ok := i18n.ParseDate(in.in.ExecDue)
		switch {
		case !ok:
			f.Add("exec_due", "petitions.card.bad_date")
		case calendar.DateOf(d).After(calendar.DateOf(p.LegalDueDate)):
			f.Add("exec_due", "petitions.card.exec_due_late", i18n.Date(p.LegalDueDate))
		case calendar.DateOf(d).Before(calendar.DateOf(time.Now())) && !calendar.DateOf(d).Equal(calendar.DateOf(p.LegalDueDate)):
			// An overdue submission may still be given its legal date, late as it is.
			f.Add("exec_due", "petitions.card.exec_due_past")
		default:
			in.execDue = calendar.DateOf(d)
		}
	}
	return nil
}

// apply changes the locked submission p for act inside tx, and returns the flash.
func (h *Handler) apply(ctx context.Context, tx pgx.Tx, act Action, p *Petition, in parsed) (string, error) {
	if act == actMarkNotice {
		return h.markNotice(ctx, tx, p, in.noticeID)
	}
	to := transitions[act].to
	if to == "" {
		to = p.State
	}
	note := in.in.Note
	details := map[string]any{}
	summary := fmt.Sprintf("Iesniegums %s: %s", p.RegNumber, i18n.T(i18n.WithLocale(ctx, "lv"), "petitions.action."+string(act)))
	set := "state = $2"
	args := []any{p.ID, string(to)}
	add := func(col string, v any) {
		args = append(args, v)
		set += fmt.Sprintf(", %s = $%d", col, len(args))
	}
	var notice *noticeInfo

	switch act {
	case ActSend:
	case ActResolve, ActReassign:
		if act == ActResolve {
			add("resolution_text", in.in.Resolution)
			set += ", resolution_by = " + userIDSQL(ctx) + ", resolution_at = now()"
			note = in.in.Resolution
		}
		if _, err := tx.Exec(ctx, `delete from petition_executors where petition_id = $1`, p.ID); err != nil {
			return "", err
		}
		var names []string
		for _, uid := range in.users {
			var name string
			if err := tx.QueryRow(ctx, `insert into petition_executors (petition_id, user_id, due_date, created_by)
				values ($1, $2, $3, `+userIDSQL(ctx)+`) returning (select full_name from users where id = $2)`,
				p.ID, uid, in.execDue).Scan(&name); err != nil {
				return "", err
			}
			names = append(names, name)
		}
		for _, u := range in.units {
			if _, err := tx.Exec(ctx, `insert into petition_executors (petition_id, unit, due_date, created_by)
				values ($1, $2, $3, `+userIDSQL(ctx)+`)`, p.ID, u, in.execDue); err != nil {
				return "", err
			}
			names = append(names, u)
		}
		details["executors"] = names
		details["due_date"] = in.execDue.Format(time.DateOnly)
		if act == ActReassign && note == "" {
			note = strings.Join(names, ", ")
		}
	case ActAnswer:
		_, err := tx.Exec(ctx, `insert into petition_answers (petition_id, reg_number, answered_on, channel, body, created_by)
			values ($1, $2, $3, $4, $5, `+userIDSQL(ctx)+`)`,
			p.ID, in.in.AnswerNumber, in.answerOn, in.in.AnswerChannel, in.in.AnswerText)
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23505" {
			return "", &fieldError{"answer_number", "petitions.card.answer_number_taken"}
		}
		if err != nil {
			return "", err
		}
		hasFile := in.answerTmp != nil
		if hasFile {
			sf, err := h.deps.Files.SaveStaged(ctx, tx, in.answerTmp)
			if err != nil {
				return "", err
			}
			if _, err := tx.Exec(ctx, `insert into petition_files (petition_id, file_id, kind, created_by)
				values ($1, $2, 'answer', `+userIDSQL(ctx)+`)`, p.ID, sf.ID); err != nil {
				return "", err
			}
			details["file"] = sf.Name
		}
		add("answered_on", in.answerOn)
		details["answer_number"] = in.in.AnswerNumber
		details["answered_on"] = in.answerOn.Format(time.DateOnly)
		details["channel"] = in.in.AnswerChannel
		if note == "" {
			note = in.in.AnswerNumber
		}
		notice = &noticeInfo{kind: "answer", answerNumber: in.in.AnswerNumber, answerOn: in.answerOn,
			answerText: in.in.AnswerText, hasFile: hasFile, answerChannel: in.in.AnswerChannel}
	case ActClose:
		set += ", closed_at = now()"
	case ActForward:
		add("forwarded_to", in.in.Institution)
		details["institution"] = in.in.Institution
		note = joinNote(in.in.Institution, note)
		notice = &noticeInfo{kind: "forwarding", institution: in.in.Institution}
	case ActUnexamined:
		add("unexamined_reason", in.in.Reason)
		note = in.in.Reason
	case ActJoin:
		add("joined_to_id", in.targetID)
		details["joined_to"] = in.in.Target
		note = joinNote(in.in.Target, note)
	case ActExtend:
		d, err := h.extendedDeadline(ctx, tx, p)
		if err != nil {
			return "", err
		}
		add("due_date", d.Due)
		add("legal_due_date", d.Due)
		add("due_explanation", d)
		set += ", extended = true"
		details["before"] = p.LegalDueDate.Format(time.DateOnly)
		details["after"] = d.Due.Format(time.DateOnly)
		details["reason"] = in.in.Reason
		note = in.in.Reason
		notice = &noticeInfo{kind: "extension", newDue: d.Due, reason: in.in.Reason}
		summary += fmt.Sprintf(" līdz %s", i18n.Date(d.Due))
	}

	if _, err := tx.Exec(ctx, `update petitions set `+set+`, version = version + 1, updated_at = now() where id = $1`, args...); err != nil {
		return "", err
	}
	from := p.State
	if to == from {
		from, to = "", ""
	}
	if len(details) == 0 {
		details = nil
	}
	if err := AddEvent(ctx, tx, p.ID, string(act), from, to, note, details); err != nil {
		return "", err
	}
	if err := audit.Record(ctx, tx, audit.Entry{Entity: "petition", EntityID: p.ID, Action: string(act), Summary: summary, Details: details}); err != nil {
		return "", err
	}
	if notice != nil {
		if err := h.notify(ctx, tx, p, *notice); err != nil {
			return "", err
		}
	}
	return i18n.T(ctx, "petitions.card.done."+string(act)), nil
}

func joinNote(a, b string) string {
	if b == "" {
		return a
	}
	return a + " — " + b
}

// userIDSQL is the signed-in user's id as a literal (an int64, so safe to inline), or null.
func userIDSQL(ctx context.Context) string {
	if u := auth.UserFrom(ctx); u != nil {
		return strconv.FormatInt(u.ID, 10)
	}
	return "null"
}

// extendedDeadline is the longer term, counted from receipt by the rule in force on that day.
// It reads through the caller's tx: a second pool connection taken while tx
// holds one exhausts the pool under concurrent requests.
func (h *Handler) extendedDeadline(ctx context.Context, q db.Querier, p *Petition) (Deadline, error) {
	rules, err := rulesQ(ctx, q)
	if err != nil {
		return Deadline{}, err
	}
	rule, ok := RuleFor(rules, RuleExtended, p.ReceivedAt)
	if !ok {
		return Deadline{}, fmt.Errorf("no extended-term rule for %s", p.ReceivedAt.Format(time.DateOnly))
	}
	cal, err := h.calendar.Load(ctx, q)
	if err != nil {
		return Deadline{}, err
	}
	return ComputeDeadline(cal, rule, p.ReceivedAt)
}
