package press

import (
	"net/http"
	"regexp"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/layout"
)

// The public accreditation form: a journalist registers for one event at
// its own link, without signing in. A client address may post
// accreditBurst forms a minute.
const (
	accreditBurst  = 10
	accreditPeriod = time.Minute
)

// tokenPattern is an accreditation link's token as the store makes it.
var tokenPattern = regexp.MustCompile(`^[A-Z2-7]{20,64}$`)

func currentUser(r *http.Request) int64 {
	if u := auth.UserFrom(r.Context()); u != nil {
		return u.ID
	}
	return 0
}

// accreditationURL is the public form's full address, to give journalists.
func accreditationURL(r *http.Request, token string) string {
	return layout.PageFrom(r.Context()).BaseURL + "/accreditation/" + token
}

// accreditationForm is the form as typed.
type accreditationForm struct {
	Name, Outlet, Email, Phone, Crew string
}

// readAccreditation reads and checks the journalist's details.
func readAccreditation(f *form.Values) (accreditationForm, Accreditation) {
	in := accreditationForm{
		Name:   f.Text("name", true, 200),
		Outlet: f.Text("outlet", true, 200),
		Email:  f.Email("email", true),
		Phone:  f.Text("phone", false, 40),
		Crew:   f.Text("crew", false, MaxCrew),
	}
	if in.Email == "" {
		in.Email = f.Raw("email")
	}
	return in, Accreditation{Name: in.Name, Outlet: in.Outlet, Email: in.Email, Phone: in.Phone, Crew: in.Crew}
}

type publicAccreditationView struct {
	E       Event
	Open    bool
	Form    accreditationForm
	Errors  form.Errors
	Done    bool
	TooMany bool
}

func (h *Handler) tokenEvent(r *http.Request) (Event, error) {
	token := chi.URLParam(r, "token")
	if !tokenPattern.MatchString(token) {
		return Event{}, errs.NotFound
	}
	return h.store.EventByToken(r.Context(), token)
}

func (h *Handler) publicAccreditation(w http.ResponseWriter, r *http.Request) {
	e, err := h.tokenEvent(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, publicAccreditationPage(publicAccreditationView{E: e, Open: e.Accrediting(h.now())}))
}

func (h *Handler) publicAccredit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, err := h.tokenEvent(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := publicAccreditationView{E: e, Open: e.Accrediting(h.now())}
	if !h.accreditLimit.Allow(r) {
		w.Header().Set("Retry-After", "60")
		v.TooMany = true
		web.Render(w, r, http.StatusTooManyRequests, publicAccreditationPage(v))
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("press.accreditation")
	in, a := readAccreditation(f)
	v.Form = in
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		_, err := h.store.Accredit(ctx, e.ID, a, true)
		if err == nil {
			v.Done = true
			web.Render(w, r, http.StatusOK, publicAccreditationPage(v))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	v.Errors = f.Errors
	web.Render(w, r, status, publicAccreditationPage(v))
}
