package petitions

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/drafts"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/components"
)

// scanLimits are what a submission's scans may be.
var scanLimits = files.Limits{
	Allowed:  []string{files.PDF, files.JPEG, files.PNG, files.TIFF},
	PerFile:  25 << 20,
	MaxFiles: 5,
}

// registerView is the registration form with what it offers.
type registerView struct {
	Form       registerForm
	Errors     form.Errors
	Addressees []Person
	Cases      []Case // active ones only
	// Held are the scans kept on the server while the form is corrected,
	// under ScansKey (a draft's key, carried by the form).
	Held     []files.Held
	ScansKey string
}

func (h *Handler) registerChoices(ctx context.Context) ([]Person, []Case, error) {
	addressees, err := h.store.PeopleWithRole(ctx, auth.RoleManagement)
	if err != nil {
		return nil, nil, err
	}
	all, err := h.store.Cases(ctx)
	if err != nil {
		return nil, nil, err
	}
	var active []Case
	for _, c := range all {
		if c.Active {
			active = append(active, c)
		}
	}
	return addressees, active, nil
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	now := h.deps.Now().In(i18n.Riga)
	in := registerForm{
		Idem:         newIdempotencyKey(),
		ReceivedDate: now.Format(time.DateOnly),
		ReceivedTime: now.Format("15:04"),
		Channel:      string(ChannelInPerson),
		DocType:      string(TypeSubmission),
		Pages:        "1",
	}
	// Another area (the visitors' reception) may start the form with the
	// person's details, kept as a draft on the server (never in the
	// address); they are only initial values, checked on submit.
	q, err := drafts.Take(r.Context(), h.deps.Pool, "petitions.register", form.URLValues(r).Get("draft"), h.deps.Now())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in.PersonName, in.PersonPhone, in.PersonEmail = q.Get("person_name"), q.Get("person_phone"), q.Get("person_email")
	in.PersonCode, in.Subject = q.Get("person_code"), q.Get("subject")
	if c := q.Get("channel"); slices.Contains(Channels, Channel(c)) {
		in.Channel = c
	}
	h.renderRegister(w, r, http.StatusOK, registerView{Form: in})
}

func (h *Handler) renderRegister(w http.ResponseWriter, r *http.Request, status int, v registerView) {
	var err error
	if v.Addressees, v.Cases, err = h.registerChoices(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	// The only addressee is chosen for a new form, not over a refusal
	// that says none was chosen.
	if len(v.Addressees) == 1 && v.Form.AddresseeID == "" && v.Errors.Get("addressee_id") == "" {
		v.Form.AddresseeID = strconv.FormatInt(v.Addressees[0].ID, 10)
	}
	web.Render(w, r, status, registerPage(v))
}

func (h *Handler) register(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var up *files.Upload
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		var err error
		if up, err = h.deps.Files.ReadMultipart(w, r, scanLimits); err != nil {
			web.Error(w, r, err)
			return
		}
		defer up.Close()
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	// Each missing field says what to enter ("Ievadiet iesnieguma tematu"),
	// not "Aizpildiet šo lauku" again and again.
	f.Messages("petitions.register.errors")
	key := strings.TrimSpace(f.Raw("idem"))
	if !idemPattern.MatchString(key) {
		web.Error(w, r, errs.Invalid)
		return
	}
	// Sent again after it went through (back button, a second click that
	// arrived late): show what was registered.
	if id, number, err := h.store.ByIdempotencyKey(ctx, key); err == nil {
		h.alreadyRegistered(w, r, id, number)
		return
	} else if !errors.Is(err, errs.NotFound) {
		web.Error(w, r, err)
		return
	}

	addressees, cases, err := h.registerChoices(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in, np := readRegisterForm(f, h.deps.Now(), addressees, cases)
	// The scans: those kept from the form's last refusal, less the ones the
	// person chose to remove, then the ones chosen now.
	scans, err := h.keptScans(ctx, f)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer func() {
		for _, st := range scans {
			st.Discard() // a no-op for those saved or held
		}
	}()
	if up != nil {
		var msgs []string
		for _, p := range up.Problems {
			msg, _ := files.Message(ctx, p.Err)
			if p.Name != "" {
				msg = p.Name + ": " + msg
			}
			msgs = append(msgs, msg)
		}
		scans = append(scans, up.Field("scans")...)
		if len(scans) > scanLimits.MaxFiles {
			for _, st := range scans[scanLimits.MaxFiles:] {
				st.Discard()
			}
			scans = scans[:scanLimits.MaxFiles]
			msg, _ := files.Message(ctx, &files.TooManyError{Max: scanLimits.MaxFiles})
			msgs = append(msgs, msg)
		}
		if len(msgs) > 0 {
			f.Errors.Add("scans", strings.Join(msgs, " "))
		}
	}
	if f.Errors.Any() {
		h.refuseRegister(w, r, http.StatusUnprocessableEntity, registerView{Form: in, Errors: f.Errors}, scans)
		return
	}

	p, err := h.store.Register(ctx, np, scans)
	if errors.Is(err, ErrDuplicateKey) {
		// Another request with the same form won the race; it has committed.
		id, number, err := h.store.ByIdempotencyKey(ctx, key)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		h.alreadyRegistered(w, r, id, number)
		return
	}
	if err != nil {
		if status, ok := f.Refused(err); ok {
			h.refuseRegister(w, r, status, registerView{Form: in, Errors: f.Errors}, scans)
			return
		}
		web.Error(w, r, err)
		return
	}

	// Looked up after commit, so the year's counter is not held for it; a
	// failure here costs only the warning.
	similar, err := h.store.SimilarTo(ctx, p)
	if err != nil {
		slog.WarnContext(ctx, "looking for similar submissions", "err", err, "petition", p.ID)
	}
	msg := i18n.T(ctx, "petitions.register.registered", i18n.M{"number": p.RegNumber, "due": i18n.Date(p.DueDate)})
	if p.Anonymous {
		msg += " " + i18n.T(ctx, "petitions.register.registered_anonymous")
	}
	if p.ReplyChannel != nil && ReplyChannel(*p.ReplyChannel) != ReplyEmail {
		msg += " " + i18n.T(ctx, "petitions.register.registered_print")
	}
	target := petitionPath(p.ID)
	if similar != nil {
		msg += " " + i18n.T(ctx, "petitions.register.similar_flash", i18n.M{"number": similar.RegNumber})
		target += "?similar=" + strconv.FormatInt(similar.ID, 10)
	}
	web.RedirectWithFlash(w, r, h.deps.Sessions, target, msg)
}

// keptScans restores the scans the form's last refusal kept (its
// scans_key), except those whose "remove" box is ticked, which go. A kept
// scan that is gone meanwhile (the form waited too long) is the scans
// field's refusal, naming it: it is not registered without a word.
func (h *Handler) keptScans(ctx context.Context, f *form.Values) ([]*files.Staged, error) {
	key := strings.TrimSpace(f.Raw("scans_key"))
	if key == "" {
		return nil, nil
	}
	held, err := h.store.TakeHeldScans(ctx, key)
	if err != nil {
		return nil, err
	}
	if len(held) == 0 {
		// Expired (the form waited past drafts.TTL), or not this account's.
		f.Errors.Add("scans", i18n.T(ctx, "petitions.register.scans_expired"))
		return nil, nil
	}
	var out []*files.Staged
	var lost []string
	for i, hf := range held {
		st, err := h.deps.Files.Restore(hf)
		if err != nil {
			lost = append(lost, hf.Name)
			continue
		}
		if f.Bool("drop_scan_" + strconv.Itoa(i)) {
			st.Discard()
			continue
		}
		out = append(out, st)
	}
	if len(lost) > 0 {
		f.Errors.Add("scans", i18n.T(ctx, "petitions.register.scan_lost", strings.Join(lost, ", ")))
	}
	return out, nil
}

// refuseRegister shows the form again with its errors, keeping its scans on
// the server (files.Store.Hold, HoldScans) so that they are not chosen again.
func (h *Handler) refuseRegister(w http.ResponseWriter, r *http.Request, status int, v registerView, scans []*files.Staged) {
	ctx := r.Context()
	for _, st := range scans {
		hf, err := h.deps.Files.Hold(st)
		if err != nil {
			// Moved by a registration that then rolled back: its blob is swept.
			v.Errors.Add("scans", i18n.T(ctx, "petitions.register.scan_lost", st.Name))
			continue
		}
		v.Held = append(v.Held, hf)
	}
	if len(v.Held) > 0 {
		key, err := h.store.HoldScans(ctx, v.Held)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		v.ScansKey = key
	}
	h.renderRegister(w, r, status, v)
}

func (h *Handler) alreadyRegistered(w http.ResponseWriter, r *http.Request, id int64, number string) {
	web.RedirectWithFlash(w, r, h.deps.Sessions, petitionPath(id),
		i18n.T(r.Context(), "petitions.register.already_registered", i18n.M{"number": number}))
}

// Options of the registration form's selects.

func personOptions(people []Person, chosen string, blank string) []components.Option {
	out := []components.Option{{Value: "", Label: blank, Selected: chosen == ""}}
	for _, p := range people {
		id := strconv.FormatInt(p.ID, 10)
		out = append(out, components.Option{Value: id, Label: p.FullName, Selected: id == chosen})
	}
	return out
}

func caseOptions(ctx context.Context, cases []Case, chosen string) []components.Option {
	out := []components.Option{{Value: "", Label: i18n.T(ctx, "petitions.register.choose"), Selected: chosen == ""}}
	for _, c := range cases {
		id := strconv.FormatInt(c.ID, 10)
		out = append(out, components.Option{Value: id, Label: c.CaseIndex + " " + c.Title, Selected: id == chosen})
	}
	return out
}

// checkAttrs ties a checkbox to its hint and error for screen readers.
func checkAttrs(name, hint, err string) templ.Attributes {
	a := templ.Attributes{}
	var ids []string
	if err != "" {
		ids = append(ids, name+"-error")
		a["aria-invalid"] = "true"
	}
	if hint != "" {
		ids = append(ids, name+"-hint")
	}
	if len(ids) > 0 {
		a["aria-describedby"] = strings.Join(ids, " ")
	}
	return a
}
