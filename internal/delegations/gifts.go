package delegations

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// photoLimits are what a gift's photo may be: one image.
var photoLimits = files.Limits{
	Allowed:  []string{files.JPEG, files.PNG},
	PerFile:  10 << 20,
	MaxFiles: 1,
}

type giftForm struct {
	Direction, Item, Value, Giver, Receiver, GivenOn string
	RemovePhoto                                      bool // the edit's "remove the photo", as ticked
}

type giftsView struct {
	D         Delegation
	Gifts     []Gift
	Settings  Settings
	Form      giftForm
	Errors    form.Errors
	Handover  int64 // the gift whose handover form was refused
	HErrors   form.Errors
	HandForm  struct{ On, KeptAt string }
	PhotoHint bool
}

func giftsURL(id int64) string { return delegationURL(id) + "/gifts" }

func (h *Handler) gifts(w http.ResponseWriter, r *http.Request) {
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderGifts(w, r, http.StatusOK, giftsView{D: d, Form: giftForm{Direction: string(Received), GivenOn: dateValue(d.StartsOn)}})
}

func (h *Handler) renderGifts(w http.ResponseWriter, r *http.Request, status int, v giftsView) {
	ctx := r.Context()
	var err error
	if v.Gifts, err = h.store.Gifts(ctx, v.D.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Settings, err = h.store.Settings(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, giftsPage(v))
}

func (h *Handler) addGift(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	up, err := h.photoUpload(w, r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer up.Close()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.gifts")
	in, g := readGift(f)
	g.DelegationID = d.ID
	photo := photoOf(ctx, f, up)
	if !f.Errors.Any() {
		_, err := h.store.AddGift(ctx, g, photo)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, giftsURL(d.ID), i18n.T(ctx, "delegations.gifts.added"))
			return
		}
		if !photoRefused(ctx, f, err) {
			web.Error(w, r, err)
			return
		}
	}
	h.renderGifts(w, r, http.StatusUnprocessableEntity, giftsView{D: d, Form: in, Errors: f.Errors, PhotoHint: photo != nil})
}

// photoUpload reads a gift form sent with its photo field (multipart); a
// form sent without one (no file input, or a client without uploads) is
// read as it is, with no upload. The caller closes the upload.
func (h *Handler) photoUpload(w http.ResponseWriter, r *http.Request) (*files.Upload, error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return nil, nil
	}
	return h.files.ReadMultipart(w, r, photoLimits)
}

// photoOf is the photo sent with a gift's form, nil when none; a photo
// refused (too large, not an image, empty, no room left for files) is an
// error beside the photo field.
func photoOf(ctx context.Context, f *form.Values, up *files.Upload) *files.Staged {
	if up == nil {
		return nil
	}
	for _, p := range up.Problems {
		msg, _ := files.Message(ctx, p.Err)
		f.Errors.Add("photo", msg)
	}
	if s := up.Field("photo"); len(s) > 0 {
		return s[0]
	}
	return nil
}

// photoRefused puts a photo the store could not keep (the storage
// directory full as it was moved in place) beside the photo field, and
// tells whether err was such a refusal.
func photoRefused(ctx context.Context, f *form.Values, err error) bool {
	msg, ok := files.Message(ctx, err)
	if ok {
		f.Errors.Add("photo", msg)
	}
	return ok
}

// readGift checks a gift's form, the same to register one and to edit it.
func readGift(f *form.Values) (giftForm, Gift) {
	in := giftForm{
		Direction: string(form.Enum(f, "direction", true, Directions)),
		Item:      f.Text("item", true, 200),
		Giver:     f.Text("giver", true, 200),
		Receiver:  f.Text("receiver", true, 200),
		GivenOn:   strings.TrimSpace(f.Raw("given_on")),
	}
	g := Gift{Direction: Direction(in.Direction), Item: in.Item, Giver: in.Giver, Receiver: in.Receiver}
	g.Value, in.Value = readMoney(f, "value", false)
	g.GivenOn = f.Date("given_on", true)
	return in, g
}

// giftFormOf is a registered gift's form as drawn to edit it.
func giftFormOf(g Gift) giftForm {
	in := giftForm{Direction: string(g.Direction), Item: g.Item, Giver: g.Giver, Receiver: g.Receiver, GivenOn: dateValue(g.GivenOn)}
	if g.Value != nil {
		in.Value = g.Value.Plain()
	}
	return in
}

// giftEditView is the page that edits one registered gift: the gift as
// saved (its photo and handover shown, kept as they are) and the form.
type giftEditView struct {
	D       Delegation
	G       Gift
	Form    giftForm
	Version int
	Errors  form.Errors
}

func giftEditURL(id int64) string { return "/delegations/gifts/" + strconv.FormatInt(id, 10) + "/edit" }

// pathGift is the gift of the path's {id} with its delegation.
func (h *Handler) pathGift(r *http.Request) (Gift, Delegation, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Gift{}, Delegation{}, err
	}
	g, err := h.store.Gift(r.Context(), id)
	if err != nil {
		return Gift{}, Delegation{}, err
	}
	d, err := h.store.Delegation(r.Context(), g.DelegationID)
	return g, d, err
}

func (h *Handler) editGiftPage(w http.ResponseWriter, r *http.Request) {
	g, d, err := h.pathGift(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, giftEditPage(giftEditView{D: d, G: g, Form: giftFormOf(g), Version: g.Version}))
}

func (h *Handler) updateGift(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	old, d, err := h.pathGift(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	up, err := h.photoUpload(w, r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer up.Close()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.gifts")
	in, g := readGift(f)
	g.ID, g.DelegationID, g.Version = old.ID, d.ID, f.Version()
	photo := photoOf(ctx, f, up)
	in.RemovePhoto = f.Bool("remove_photo")
	if in.RemovePhoto && photo != nil {
		f.Add("photo", "delegations.gifts.err_photo_and_remove")
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.UpdateGift(ctx, g, photo, in.RemovePhoto)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, giftsURL(d.ID), i18n.T(ctx, "delegations.gifts.saved"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			if !photoRefused(ctx, f, err) {
				web.Error(w, r, err)
				return
			}
			status = http.StatusUnprocessableEntity
		}
	}
	web.Render(w, r, status, giftEditPage(giftEditView{D: d, G: old, Form: in, Version: g.Version, Errors: f.Errors}))
}

func (h *Handler) setHandover(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	g, err := h.store.Gift(ctx, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	d, err := h.store.Delegation(ctx, g.DelegationID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.gifts")
	v := giftsView{D: d, Handover: g.ID}
	v.HandForm.On, v.HandForm.KeptAt = strings.TrimSpace(f.Raw("handed_over_on")), f.Text("kept_at", true, 200)
	if on := f.Date("handed_over_on", true); !on.IsZero() {
		g.HandedOverOn = &on
	}
	g.KeptAt, g.Version = v.HandForm.KeptAt, f.Version()
	if !g.Handover {
		f.Add("handed_over_on", "delegations.gifts.err_no_handover")
	}
	status, done := web.SaveEdit(w, r, h.sessions, f, giftsURL(d.ID), "delegations.gifts.handed_over", func() error {
		return h.store.SetHandover(ctx, g)
	})
	if done {
		return
	}
	v.HErrors = f.Errors
	h.renderGifts(w, r, status, v)
}

func (h *Handler) giftPhoto(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	fileID, err := web.PathID(r, "fileID")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.store.GiftPhoto(ctx, id, fileID); err != nil {
		web.Error(w, r, err)
		return
	}
	f, rc, err := h.files.Open(ctx, fileID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer rc.Close()
	files.Serve(w, r, f, rc, true)
}

func giftPhotoURL(g Gift) string {
	return "/delegations/gifts/" + strconv.FormatInt(g.ID, 10) + "/photo/" + strconv.FormatInt(*g.PhotoFileID, 10)
}

type registerView struct {
	Pending bool
	Gifts   []Gift
}

func (h *Handler) giftRegister(w http.ResponseWriter, r *http.Request) {
	v := registerView{Pending: form.URLValues(r).Get("pending") == "on"}
	var err error
	if v.Gifts, err = h.store.GiftRegister(r.Context(), v.Pending, 500); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, registerPage(v))
}

// The head's settings.

type settingsView struct {
	Form   struct{ Threshold, Days string }
	S      Settings
	Errors form.Errors
}

func (h *Handler) settingsPage(w http.ResponseWriter, r *http.Request) {
	st, err := h.store.Settings(r.Context())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := settingsView{S: st}
	v.Form.Threshold, v.Form.Days = st.GiftThreshold.Plain(), strconv.Itoa(st.RetentionDays)
	web.Render(w, r, http.StatusOK, settingsForm(v))
}

func (h *Handler) saveSettings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.settings")
	v := settingsView{}
	var threshold *Money
	threshold, v.Form.Threshold = readMoney(f, "gift_threshold", true)
	v.Form.Days = strings.TrimSpace(f.Raw("retention_days"))
	days := f.Int("retention_days", true, 0, 3650)
	st := Settings{RetentionDays: days, Version: f.Version()}
	if threshold != nil {
		st.GiftThreshold = *threshold
	}
	status, done := web.SaveEdit(w, r, h.sessions, f, "/delegations/settings", "delegations.settings.saved", func() error {
		return h.store.SaveSettings(ctx, st)
	})
	if done {
		return
	}
	v.Errors, v.S.Version = f.Errors, st.Version
	web.Render(w, r, status, settingsForm(v))
}

// dateOf is a date's value for a form, or "".
func dateOf(t *time.Time) string {
	if t == nil {
		return ""
	}
	return dateValue(*t)
}
