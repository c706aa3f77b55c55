package twincities

import (
	"net/http"
	"regexp"
	"strconv"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// dayForm is a yearly day as typed: "25.06." and what it is.
type dayForm struct {
	Date, Occasion string
}

var dayPattern = regexp.MustCompile(`^(\d{1,2})\.\s?(\d{1,2})\.?$`)

// parseDay reads "25.06." (or "25.6") as a day and a month.
func parseDay(s string) (day, month int, ok bool) {
	m := dayPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false
	}
	day, _ = strconv.Atoi(m[1])
	month, _ = strconv.Atoi(m[2])
	return day, month, ValidDay(month, day)
}

func (h *Handler) addDay(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, err := h.pathAgreement(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("twincities.days")
	in := dayForm{Date: f.Text("day", true, 10), Occasion: f.Text("occasion", true, 200)}
	d := Day{AgreementID: a.ID, Occasion: in.Occasion}
	if in.Date != "" && f.Errors.Get("day") == "" {
		var ok bool
		if d.Day, d.Month, ok = parseDay(in.Date); !ok {
			f.Add("day", "twincities.days.err_date")
		}
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		_, err := h.store.AddDay(ctx, d)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, agreementURL(a.ID)+"#days", i18n.T(ctx, "twincities.days.added"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderCard(w, r, status, cardView{A: a, DayForm: in, DayErrors: f.Errors})
}

func (h *Handler) deleteDay(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	agreementID, err := h.store.DeleteDay(ctx, id, f.Version())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, agreementURL(agreementID)+"#days", i18n.T(ctx, "twincities.days.deleted"))
}
