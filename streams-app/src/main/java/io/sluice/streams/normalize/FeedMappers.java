package io.sluice.streams.normalize;

import io.sluice.streams.normalize.crowdstrike.CrowdStrikeAlertMapper;
import io.sluice.streams.normalize.entra.EntraSignInMapper;
import io.sluice.streams.normalize.mimecast.audit.MimecastAuditMapper;
import io.sluice.streams.normalize.mimecast.dlp.MimecastDlpMapper;
import io.sluice.streams.normalize.mimecast.impersonation.MimecastImpersonationMapper;
import io.sluice.streams.normalize.mimecast.siem.MimecastSiemMapper;
import io.sluice.streams.normalize.mimecast.ttpattachment.MimecastTtpAttachmentMapper;
import io.sluice.streams.normalize.mimecast.ttpurl.MimecastTtpUrlMapper;
import io.sluice.streams.normalize.okta.OktaSystemLogMapper;
import java.util.List;

/**
 * The catalogue of vendor feeds the streams app normalises: one mapper per raw topic. Adding a feed
 * is one package under {@code normalize} and one line here.
 */
public final class FeedMappers {
  private FeedMappers() {}

  public static List<FeedMapper> all() {
    return List.of(
        new MimecastTtpUrlMapper(),
        new MimecastTtpAttachmentMapper(),
        new MimecastImpersonationMapper(),
        new MimecastAuditMapper(),
        new MimecastDlpMapper(),
        new MimecastSiemMapper(),
        new OktaSystemLogMapper(),
        new EntraSignInMapper(),
        new CrowdStrikeAlertMapper());
  }
}
