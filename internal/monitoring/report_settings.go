package monitoring

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The head's settings of the reports and alerts: which reports go out on
// their own and to whom, and when a jump in coverage alerts them.

const settingsURL = "/monitoring/reports/settings"

// settingsForm is the settings as typed.
type settingsForm struct {
	Weekly, Monthly, SpikeAlerts bool
	SpikeMultiple, SpikeMinimum  string
	Version                      int
}

// recipientForm is a recipient being added, as typed.
type recipientForm struct {
	UserID, Name, Email string
}

type settingsView struct {
	Settings   ReportSettings
	Form       settingsForm
	Errors     form.Errors // the settings form's
	Recipients []Recipient
	Accounts   []Account
	Add        recipientForm
	AddErrors  form.Errors // the recipient form's
}

func (h *Handler) renderSettings(w http.ResponseWriter, r *http.Request, status int, v settingsView) {
	ctx := r.Context()
	var err error
	if v.Settings, err = h.store.ReportSettings(ctx); err == nil {
		if v.Recipients, err = h.store.Recipients(ctx); err == nil {
			v.Accounts, err = h.store.RecipientAccounts(ctx)
		}
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if !v.Errors.Any() {
		st := v.Settings
		v.Form = settingsForm{Weekly: st.Weekly, Monthly: st.Monthly, SpikeAlerts: st.SpikeAlerts,
			SpikeMultiple: i18n.Decimal(ctx, st.SpikeMultiple, 1), SpikeMinimum: strconv.Itoa(st.SpikeMinimum), Version: st.Version}
	}
	web.Render(w, r, status, settingsPage(v))
}

func (h *Handler) settingsPage(w http.ResponseWriter, r *http.Request) {
	h.renderSettings(w, r, http.StatusOK, settingsView{})
}

// readMultiple reads a multiple written with a decimal comma or point,
// "2", "2,5" or "2.5", to one decimal.
func readMultiple(f *form.Values, name string) float64 {
	s := strings.TrimSpace(f.Raw(name))
	if s == "" {
		f.Missing(name)
		return 0
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(s, " ", ""), ",", "."), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		f.Invalid(name)
		return 0
	}
	v = math.Round(v*10) / 10
	if v < MinSpikeMultiple || v > MaxSpikeMultiple {
		f.Add(name, "monitoring.settings.spike_multiple_range")
		return 0
	}
	return v
}

func (h *Handler) saveSettings(w http.ResponseWriter, r *http.Request) {
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("monitoring.settings")
	in := settingsForm{Weekly: f.Bool("weekly"), Monthly: f.Bool("monthly"), SpikeAlerts: f.Bool("spike_alerts"),
		SpikeMultiple: f.Raw("spike_multiple"), SpikeMinimum: f.Raw("spike_minimum"), Version: f.Version()}
	st := ReportSettings{Weekly: in.Weekly, Monthly: in.Monthly, SpikeAlerts: in.SpikeAlerts, Version: in.Version,
		SpikeMultiple: readMultiple(f, "spike_multiple"), SpikeMinimum: f.Int("spike_minimum", true, 1, MaxSpikeMinimum)}
	status, done := web.SaveEdit(w, r, h.sessions, f, settingsURL, "monitoring.settings.saved", func() error {
		return h.store.SaveReportSettings(r.Context(), st)
	})
	if done {
		return
	}
	if status == http.StatusConflict {
		// The settings as they are now, with the message.
		h.renderSettings(w, r, status, settingsView{Errors: f.Errors})
		return
	}
	h.renderSettings(w, r, status, settingsView{Form: in, Errors: f.Errors})
}

func (h *Handler) addRecipient(w http.ResponseWriter, r *http.Request) {
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("monitoring.recipient")
	in := recipientForm{UserID: f.Raw("user_id"), Name: f.Raw("name"), Email: f.Raw("email")}
	var rc Recipient
	if user := f.ID("user_id", false); user != 0 {
		rc.UserID = &user
	} else if f.Errors.Get("user_id") == "" {
		rc.Name = f.Text("name", false, 200)
		rc.Email = f.Email("email", false)
		if rc.Email == "" && rc.Name == "" && !f.Errors.Any() {
			f.Add("user_id", "monitoring.recipient.who_required")
		} else {
			if rc.Name == "" && f.Errors.Get("name") == "" {
				f.Missing("name")
			}
			if rc.Email == "" && f.Errors.Get("email") == "" {
				f.Missing("email")
			}
		}
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		_, err := h.store.AddRecipient(r.Context(), rc)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, settingsURL, i18n.T(r.Context(), "monitoring.recipient.added"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderSettings(w, r, status, settingsView{Add: in, AddErrors: f.Errors})
}

func (h *Handler) removeRecipient(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = h.store.RemoveRecipient(r.Context(), id)
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, settingsURL, i18n.T(r.Context(), "monitoring.recipient.removed"))
}
