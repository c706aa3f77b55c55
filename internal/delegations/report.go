package delegations

import (
	"net/http"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

func reportURL(id int64) string { return delegationURL(id) + "/report" }

type followUpForm struct{ Text, Owner, DueOn string }

type reportView struct {
	D         Delegation
	R         VisitReport
	Form      VisitReport
	Errors    form.Errors
	FollowUps []FollowUp
	FForm     followUpForm
	FErrors   form.Errors
	Staff     []Person
	Today     time.Time
}

func (h *Handler) report(w http.ResponseWriter, r *http.Request) {
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderReport(w, r, http.StatusOK, reportView{D: d}, true)
}

func (h *Handler) renderReport(w http.ResponseWriter, r *http.Request, status int, v reportView, fresh bool) {
	ctx := r.Context()
	var err error
	if v.R, err = h.store.ReportOf(ctx, v.D.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if fresh {
		v.Form = v.R
	}
	if v.FollowUps, err = h.store.FollowUps(ctx, v.D.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Staff, err = h.store.Officials(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	v.Today = calendar.DateOf(h.now())
	web.Render(w, r, status, reportPage(v))
}

func (h *Handler) saveReport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.report")
	rep := VisitReport{DelegationID: d.ID, Agreed: f.Text("agreed", false, 8000), PressURL: f.Text("press_url", false, 500),
		AlbumURL: f.Text("album_url", false, 500), Version: f.Version()}
	for name, v := range map[string]string{"press_url": rep.PressURL, "album_url": rep.AlbumURL} {
		if !ValidLink(v) && f.Errors.Get(name) == "" {
			f.Add(name, "delegations.report.err_link")
		}
	}
	submit := f.Raw("submit") == "director"
	if submit && strings.TrimSpace(rep.Agreed) == "" && f.Errors.Get("agreed") == "" {
		f.Add("agreed", "delegations.report.agreed_required")
	}
	flash := "delegations.report.saved"
	if submit {
		flash = "delegations.report.submitted"
	}
	status, done := web.SaveEdit(w, r, h.sessions, f, reportURL(d.ID), flash, func() error {
		return h.store.SaveReport(ctx, rep, submit, h.baseURL)
	})
	if done {
		return
	}
	h.renderReport(w, r, status, reportView{D: d, Form: rep, Errors: f.Errors}, false)
}

func (h *Handler) addFollowUp(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.followups")
	in := followUpForm{Text: f.Text("text", true, 500), Owner: strings.TrimSpace(f.Raw("owner_id")), DueOn: strings.TrimSpace(f.Raw("due_on"))}
	fu := FollowUp{DelegationID: d.ID, Text: in.Text, DueOn: f.Date("due_on", true)}
	if id := f.ID("owner_id", false); id != 0 {
		fu.OwnerID = &id
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		_, err := h.store.AddFollowUp(ctx, fu)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, reportURL(d.ID)+"#followups", i18n.T(ctx, "delegations.followups.added"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderReport(w, r, status, reportView{D: d, FForm: in, FErrors: f.Errors}, true)
}

func (h *Handler) doneFollowUp(w http.ResponseWriter, r *http.Request) {
	h.itemAction(w, r, h.store.DoneFollowUp, func(id int64) string { return reportURL(id) + "#followups" }, "delegations.followups.done_flash")
}
