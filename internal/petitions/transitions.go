package petitions

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// actionInput is what the action forms post, kept to show the form again.
type actionInput struct {
	Note       string
	Resolution string
	// ResolutionChoice is an earlier text chosen to be used again.
	ResolutionChoice string
	ExecutorUsers    []string
	ExecutorUnits    string
	ExecDue          string
	AnswerNumber     string
	AnswerDate       string
	AnswerChannel    string
	AnswerText       string
	Institution      string
	Reason           string
	Target           string
	NoticeID         string
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

// transition takes one step on a submission: read the form, then one store
// use case (Store.Transition) locks the submission, checks the step is still
// allowed and the form not stale, changes it, and writes the timeline, the
// audit log and the notice to the person.
func (h *Handler) transition(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	act := Action(chi.URLParam(r, "action"))
	if act == actMarkNotice {
		h.markNotice(w, r, id)
		return
	}
	if _, known := transitions[act]; !known {
		web.Error(w, r, errs.NotFound)
		return
	}
	p, actor, err := h.store.Readable(ctx, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	var upload *files.Upload
	if act == ActAnswer && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		upload, err = h.deps.Files.ReadMultipart(w, r, files.Limits{Allowed: []string{files.PDF, files.JPEG, files.PNG, files.TIFF}, MaxFiles: 1})
		if err != nil {
			web.Error(w, r, err)
			return
		}
		defer upload.Close()
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("petitions.card.errors")
	// A step the viewer may not take now is said so before the fields are
	// checked; the store checks again with the submission locked.
	if err := checkStep(act, p, actor); err != nil {
		h.refuse(w, r, id, err)
		return
	}
	in, st, err := h.readStep(ctx, act, p, f, upload)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err = h.store.Transition(ctx, id, act, st)
		if err == nil && act == ActResolve {
			h.nextForResolution(w, r)
			return
		}
		if err == nil {
			web.RedirectWithFlash(w, r, h.deps.Sessions, petitionPath(id), i18n.T(ctx, "petitions.card.done."+string(act)))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			h.refuse(w, r, id, err)
			return
		}
	}
	h.reshow(w, r, id, status, act, in, f.Errors)
}

// nextForResolution goes on, after a resolution is saved, to the next
// submission waiting for the viewer's resolution (the oldest first, as
// their queue lists them), or back to the queue when none is left.
func (h *Handler) nextForResolution(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rows, err := h.store.AwaitingResolution(ctx, ViewerOf(auth.UserFrom(ctx), h.deps.Now()), nil, 1)
	if err != nil {
		// The resolution is saved: the queue page says what is wrong, if
		// anything still is.
		slog.ErrorContext(ctx, "petitions: the next submission for a resolution", "err", err)
	}
	if err != nil || len(rows) == 0 {
		web.RedirectWithFlash(w, r, h.deps.Sessions, "/petitions/resolutions", i18n.T(ctx, "petitions.resolve.done_last"))
		return
	}
	web.RedirectWithFlash(w, r, h.deps.Sessions, petitionPath(rows[0].ID), i18n.T(ctx, "petitions.resolve.done_next", rows[0].RegNumber))
}

// markNotice records that a printed notice was handed over for delivery.
func (h *Handler) markNotice(w http.ResponseWriter, r *http.Request, id int64) {
	ctx := r.Context()
	p, actor, err := h.store.Readable(ctx, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if err := checkStep(actMarkNotice, p, actor); err != nil {
		h.refuse(w, r, id, err)
		return
	}
	noticeID, err := strconv.ParseInt(f.Raw("notice_id"), 10, 64)
	if err != nil {
		web.Error(w, r, errs.Invalid)
		return
	}
	if err := h.store.MarkNoticeHandedOver(ctx, id, noticeID); err != nil {
		h.refuse(w, r, id, err)
		return
	}
	web.RedirectWithFlash(w, r, h.deps.Sessions, petitionPath(id), i18n.T(ctx, "petitions.card.done."+string(actMarkNotice)))
}

// reshow draws the card again with act's form open as it was typed and its
// errors beside the fields (422, or 409 for a field's conflict); nothing
// was saved.
func (h *Handler) reshow(w http.ResponseWriter, r *http.Request, id int64, status int, act Action, in actionInput, fieldErrs form.Errors) {
	d, err := h.store.Card(r.Context(), id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := newCardView(d, h.deps.Now())
	if err := h.loadPastResolutions(r.Context(), &v); err != nil {
		web.Error(w, r, err)
		return
	}
	v.Open, v.In, v.Errors = act, in, fieldErrs
	web.Render(w, r, status, cardPage(v))
}

// refuse shows the card as it is now with why nothing was done, when the
// step is not allowed now or the form is stale (409: web's status of a
// conflict); any other error goes to web.Error.
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, id int64, cause error) {
	ctx := r.Context()
	if !errors.Is(cause, errs.Conflict) {
		web.Error(w, r, cause)
		return
	}
	d, err := h.store.Card(ctx, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := newCardView(d, h.deps.Now())
	if err := h.loadPastResolutions(ctx, &v); err != nil {
		web.Error(w, r, err)
		return
	}
	switch {
	case errors.Is(cause, ErrStepRefused):
		v.Problem = i18n.T(ctx, "petitions.card.refused")
	case errors.Is(cause, ErrAlreadyExtended):
		v.Problem = i18n.T(ctx, "petitions.card.already_extended")
	default:
		v.Problem = i18n.T(ctx, "errors.conflict")
	}
	status, _ := web.Status(cause)
	web.Render(w, r, status, cardPage(v))
}

// readStep reads and checks the fields of act's form against p; errors go
// to f. It returns the form as typed and the checked step.
func (h *Handler) readStep(ctx context.Context, act Action, p *Petition, f *form.Values, up *files.Upload) (actionInput, Step, error) {
	var in actionInput
	st := Step{Version: f.Version()}
	today := calendar.DateOf(h.deps.Now())
	in.Note = f.Text(string(act)+"_note", false, 2000)
	st.Note = in.Note
	switch act {
	case ActResolve, ActReassign:
		if act == ActResolve {
			// A text typed wins over an earlier one chosen (without
			// scripts, choosing does not fill the field in).
			in.Resolution = f.Text("resolution", false, 4000)
			in.ResolutionChoice = f.Text("resolution_choice", false, 4000)
			if in.Resolution == "" && f.Errors.Get("resolution") == "" {
				if in.ResolutionChoice == "" {
					f.Add("resolution", "petitions.resolve.text_required")
				}
				st.Resolution = in.ResolutionChoice
			} else {
				st.Resolution = in.Resolution
			}
		}
		staff, err := h.store.PeopleWithRole(ctx, auth.RoleStaff, auth.RoleHead)
		if err != nil {
			return in, st, err
		}
		readExecutors(f, p, staff, today, &in, &st)
	case ActAnswer:
		in.AnswerNumber = f.Text("answer_number", true, 60)
		st.AnswerNumber = in.AnswerNumber
		in.AnswerDate = f.Text("answer_date", true, 20)
		if in.AnswerDate != "" && f.Errors.Get("answer_date") == "" {
			d, ok := i18n.ParseDate(in.AnswerDate)
			switch {
			case !ok:
				f.Add("answer_date", "petitions.card.bad_date")
			case calendar.DateOf(d).Before(calendar.DateOf(p.ReceivedAt)):
				f.Add("answer_date", "petitions.card.answer_before_receipt")
			case calendar.DateOf(d).After(today):
				f.Add("answer_date", "petitions.card.answer_in_future")
			default:
				st.AnswerOn = calendar.DateOf(d)
			}
		}
		st.AnswerChannel = form.Enum(f, "answer_channel", true, ReplyChannels)
		in.AnswerChannel = string(st.AnswerChannel)
		in.AnswerText = f.Text("answer_text", false, 20000)
		st.AnswerText = in.AnswerText
		if up != nil {
			for _, pr := range up.Problems {
				if m, ok := files.Message(ctx, pr.Err); ok {
					f.Errors.Add("answer_file", m)
				}
			}
			if staged := up.Field("answer_file"); len(staged) > 0 {
				st.AnswerFile = staged[0]
			}
		}
		if in.AnswerText == "" && st.AnswerFile == nil && f.Errors.Get("answer_text") == "" && f.Errors.Get("answer_file") == "" {
			f.Add("answer_text", "petitions.card.answer_text_or_file")
		}
	case ActForward:
		in.Institution = f.Text("institution", true, 300)
		st.Institution = in.Institution
	case ActUnexamined, ActExtend:
		in.Reason = f.Text(string(act)+"_reason", true, 2000)
		st.Reason = in.Reason
	case ActJoin:
		// Whether the number is a submission to join to is the store's to say.
		in.Target = f.Text("target", true, 60)
		st.Target = in.Target
	}
	return in, st, nil
}

// readExecutors reads a resolution's executors and their due date.
func readExecutors(f *form.Values, p *Petition, staff []Person, today time.Time, in *actionInput, st *Step) {
	ids := make([]string, len(staff))
	for i, s := range staff {
		ids[i] = strconv.FormatInt(s.ID, 10)
	}
	in.ExecutorUsers = f.Choices("executor_users", ids...)
	for _, s := range in.ExecutorUsers {
		n, _ := strconv.ParseInt(s, 10, 64)
		st.Users = append(st.Users, n)
	}
	in.ExecutorUnits = f.Text("executor_units", false, 2000)
	seen := map[string]bool{}
	for _, line := range strings.Split(in.ExecutorUnits, "\n") {
		u := strings.TrimSpace(line)
		if u == "" || seen[strings.ToLower(u)] {
			continue
		}
		if len([]rune(u)) > 200 {
			f.Add("executor_units", "petitions.card.unit_too_long")
			break
		}
		seen[strings.ToLower(u)] = true
		st.Units = append(st.Units, u)
	}
	if len(st.Users) == 0 && len(st.Units) == 0 && f.Errors.Get("executor_users") == "" && f.Errors.Get("executor_units") == "" {
		f.Add("executor_users", "petitions.card.executor_required")
	}
	in.ExecDue = f.Text("exec_due", true, 20)
	if in.ExecDue != "" && f.Errors.Get("exec_due") == "" {
		d, ok := i18n.ParseDate(in.ExecDue)
		legal := calendar.DateOf(p.LegalDueDate)
		switch {
		case !ok:
			f.Add("exec_due", "petitions.card.bad_date")
		case calendar.DateOf(d).After(legal):
			f.Add("exec_due", "petitions.card.exec_due_late", i18n.Date(p.LegalDueDate))
		case calendar.DateOf(d).Before(today) && !calendar.DateOf(d).Equal(legal):
			// An overdue submission may still be given its legal date, late as it is.
			f.Add("exec_due", "petitions.card.exec_due_past")
		default:
			st.ExecDue = calendar.DateOf(d)
		}
	}
}
