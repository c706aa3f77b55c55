package petitions

import (
	"context"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// Names of the registry's values in the language of ctx; pages and exports use these.

func StateName(ctx context.Context, s State) string { return i18n.T(ctx, "petitions.state."+string(s)) }

func DocTypeName(ctx context.Context, t DocType) string {
	return i18n.T(ctx, "petitions.doc_type."+string(t))
}

func ChannelName(ctx context.Context, c Channel) string {
	return i18n.T(ctx, "petitions.channel."+string(c))
}

func ReplyName(ctx context.Context, c string) string { return i18n.T(ctx, "petitions.reply."+c) }

func ActionName(ctx context.Context, a Action) string {
	return i18n.T(ctx, "petitions.action."+string(a))
}
