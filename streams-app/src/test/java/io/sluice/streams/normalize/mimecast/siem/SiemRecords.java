package io.sluice.streams.normalize.mimecast.siem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.normalize.mimecast.MimecastRecords;

/**
 * Realistic Mimecast SIEM lines, built from the field names each log type carries (Mimecast's
 * "Understanding SIEM Logs" for API 1.0, the SIEM batch API's log types for 2.0); values made up.
 * Lines whose shape is only partly documented are marked as such in docs/feeds/mimecast-siem.md.
 */
final class SiemRecords {
  private SiemRecords() {}

  static ObjectNode v1Receipt() {
    return MimecastRecords.parse(
        """
        {"acc":"ABC123","Sender":"Bob@Partner.Example","datetime":"2021-10-19T07:04:55+0100",
         "Rcpt":"Ann@Corp.Example","Act":"Acc","IP":"203.0.113.9",
         "aCode":"3dbe9918-f91f-3043-b61f-d3164badfe50","Dir":"Inbound",
         "Subject":"Quarterly report","MsgId":"<d4@mx.partner.example>",
         "headerFrom":"bob@partner.example","TlsVer":"TLSv1.2","SpamScore":0}
        """);
  }

  static ObjectNode v1Process() {
    return MimecastRecords.parse(
        """
        {"acc":"ABC123","Sender":"news@promo.example","datetime":"2021-10-18T09:02:43+0100",
         "Act":"Hld","Hld":"Spm","AttCnt":0,"AttNames":null,"AttSize":0,"MsgSize":157436,
         "MsgId":"<e5@newsletter.promo.example>","Subject":"New styles",
         "aCode":"HhuwRf_AOcuJZINE2ZgcKw"}
        """);
  }

  static ObjectNode v1Delivery() {
    return MimecastRecords.parse(
        """
        {"acc":"ABC123","Delivered":false,"IP":"203.0.113.9",
         "RejType":"Recipient email address is possibly incorrect","RejCode":"550",
         "Dir":"Inbound","MsgId":null,"Latency":505,"Sender":"<>",
         "datetime":"2021-10-19T07:06:40+0100","Rcpt":"ann@corp.example","Attempt":1,
         "RejInfo":"5.4.1 Recipient address rejected","TlsVer":"TLSv1.2",
         "Cphr":"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
         "aCode":"29be076e-44cd-354d-a7c2-083d4a312371","UseTls":"Yes","Route":"Office365"}
        """);
  }

  static ObjectNode v1UrlProtect() {
    return MimecastRecords.parse(
        """
        {"acc":"ABC123","reason":"malicious","subject":"DocuSign contract","msgid":null,
         "url":"http://docusign.bad.example/Docu/index2.php","datetime":"2021-11-29T15:13:58+0000",
         "route":"inbound","sourceIp":"203.0.113.15","sender":"docusign@zenz.example",
         "recipient":"Ann@Corp.Example","action":"Block","urlCategory":"Phishing & Fraud",
         "credentialTheft":null,"senderDomain":"zenz.example"}
        """);
  }

  static ObjectNode v1AttachmentProtect() {
    return MimecastRecords.parse(
        """
        {"acc":"ABC123","datetime":"2021-11-29T15:13:58+0000","aCode":"aa3dEs_GMim451MhiRrJ9w",
         "fileName":"invoice.pdf","fileType":"application/pdf",
         "sha256":"22a65c438289353d96c707cf55e26be723e3157f0aa00734843a9bdc8f98bab0",
         "Recipient":"ann@corp.example","Sender":"billing@vendor.example","result":"malicious",
         "Route":"Inbound","MsgId":"<f6@mx.vendor.example>","Subject":"Invoice"}
        """);
  }

  static ObjectNode v1Impersonation() {
    return MimecastRecords.parse(
        """
        {"acc":"ABC123","datetime":"2021-11-29T15:13:58+0000","aCode":"Zyc2YQp5NiebreJzicSY0g",
         "Definition":"Default Impersonation Definition","Hits":2,"Action":"Hold",
         "TaggedExternal":false,"TaggedMalicious":true,"InternalName":true,"NewDomain":"true",
         "SimilarInternalDomain":false,"ReplyMismatch":false,"Sender":"ceo@lookalike.example",
         "Recipient":"Bob@Corp.Example","IP":"198.51.100.23","Subject":"Wire today",
         "MsgId":"<g7@mx.lookalike.example>","Route":"Inbound"}
        """);
  }

  static ObjectNode v1Journal() {
    return MimecastRecords.parse(
        """
        {"acc":"C46A75","Sender":"ann@corp.example","datetime":"2021-11-08T12:09:18+0000",
         "Rcpt":"journal@corp.example","RcptActType":"Jnl","aCode":"CYSuuaBUMjOpk3k1Xhvy_Q",
         "Dir":"Internal","RcptHdrType":"Unknown"}
        """);
  }

  static ObjectNode v2Receipt() {
    return MimecastRecords.parse(
        """
        {"accountId":"CUSB4A274","action":"Rej","aggregateId":"lf7BP8oVOue0keIDXck0Ww_1731454604",
         "direction":"Inbound","messageId":null,"numberAttachments":"0",
         "processingId":"Ycqry21vB3utdjgPfIFYpj9wQK6HMNkmX_1vFlph1UM_1731454604",
         "recipients":"Ann@Corp.Example","rejectionCode":"550",
         "rejectionInfo":"Envelope blocked - User Entry","rejectionType":"Manual Envelope Rejection",
         "senderEnvelope":"spam@bulk.example","senderHeader":null,"senderIp":"203.0.113.44",
         "subject":null,"subtype":"Rej","timestamp":1731454605992,
         "tlsCipher":"TLS_AES_256_GCM_SHA384","tlsVersion":"TLSv1.3","type":"receipt"}
        """);
  }

  static ObjectNode v2Process() {
    return MimecastRecords.parse(
        """
        {"accountId":"CUSB4A274","action":"Hld","aggregateId":"8TCFD0OlO06323_aNlbxVA_1731700047",
         "attachments":null,"emailSize":"4170","holdReason":"Spm",
         "messageId":"<h8@mx.promo.example>","numberAttachments":"0",
         "processingId":"f9LiY_x-_ogdIWrf6wkiSVnAHqf_t43V7fXksSco27o_1731700047",
         "senderEnvelope":"offers@promo.example","subject":"Offer","subtype":"Hld",
         "timestamp":1731700055957,"totalSizeAttachments":"0","type":"process"}
        """);
  }

  static ObjectNode v2Delivery() {
    return MimecastRecords.parse(
        """
        {"Hostname":"mx1.corp.example","accountId":"CUSB4A274","aggregateId":"x0J66B7HOZCFDsdRtjBrdg",
         "delivered":"true","deliveryAttempts":"1","deliveryErrors":null,"deliveryTime":"1633",
         "destinationIp":"192.0.2.10","direction":"Outbound","emailSize":"31363",
         "messageId":"<i9@mx.corp.example>","numberAttachments":"0",
         "processingId":"LcoZUvowTgh0_A1V-OdChmPWPlyI1gOurfQRUFoRMZk",
         "recipients":"carol@partner.example, dave@partner.example","rejectionCode":null,
         "rejectionInfo":null,"rejectionType":null,"route":"Outbound",
         "senderEnvelope":"Ann@Corp.Example","subject":"Proposal","subtype":"true",
         "timestamp":1731451448010,"tlsUsed":"Yes","type":"delivery"}
        """);
  }

  static ObjectNode v2AttachmentProtect() {
    return MimecastRecords.parse(
        """
        {"accountId":"CUSB4A274","aggregateId":"ycS8ZuP_MPunTsp6ErzBSA_1731499054",
         "fileExtension":"pdf","fileName":"zero-day.pdf","md5":"66F03BF072A74BB19DB16C952BA3DC47",
         "processingId":"WGY_DvwBSSkQgHEEGRzoLfwigWn9mwWIGqiLvVrPqKc_1731499054",
         "sha1":"ce87cd86f9d9d3ed4c1138530ef259ce83638593",
         "sha256":"22a65c438289353d96c707cf55e26be723e3157f0aa00734843a9bdc8f98bab0",
         "subtype":null,"timestamp":1731499059314,"type":"attachment protect"}
        """);
  }

  static ObjectNode v2UrlProtect() {
    return MimecastRecords.parse(
        """
        {"accountId":"CUSB4A274","aggregateId":"RyZVTDvJMWi-Z68ZSU9WiA_1731862947",
         "messageId":"<j10@mx.bad.example>","recipients":"ann@corp.example","route":"Inbound",
         "senderEnvelope":"x@bad.example","subject":"Reset password","subtype":null,
         "timestamp":1731862950599,"type":"url protect","url":"https://login.bad.example/reset",
         "urlCategory":"Phishing & Fraud","action":"block","sourceIp":"203.0.113.15",
         "blockReason":"Malicious URL"}
        """);
  }

  static ObjectNode v2Impersonation() {
    return MimecastRecords.parse(
        """
        {"accountId":"CUSB4A274","aggregateId":"Zyc2YQp5NiebreJzicSY0g_1731827123",
         "messageId":"<k11@mx.lookalike.example>","recipients":"bob@corp.example",
         "senderEnvelope":"ceo@lookalike.example","senderIp":"198.51.100.23",
         "subject":"Wire today","taggedExternal":"true","taggedMalicious":"false",
         "policyDefinition":"Default Impersonation Definition","action":"Tag",
         "newDomain":"lookalike.example","timestamp":1731827851036,"type":"impersonation protect"}
        """);
  }

  /** A spam line: Mimecast's spam scan classified an inbound message as spam. */
  static ObjectNode v2Spam() {
    return MimecastRecords.parse(
        """
        {"accountId":"CUSB4A274","aggregateId":"nNsYsZo5PsiS7tsPPMhScw_1731597441",
         "messageId":"<s1@mx.promo.example>","processingId":"Ju7DcVaik3AmIzS7u9rY8klrnT3r33",
         "recipients":"Ann@Corp.Example","route":"Inbound","senderDomain":"promo.example",
         "senderEnvelope":"deals@promo.example","senderHeader":"deals@promo.example",
         "senderIp":"203.0.113.50","subject":"Win big","subtype":null,
         "timestamp":1731597442889,"type":"spam"}
        """);
  }

  /** A journal line: a copy of an internal message journaled for the archive. */
  static ObjectNode v2Journal() {
    return MimecastRecords.parse(
        """
        {"accountId":"CUSB4A274","aggregateId":"95dsLgPDMoWy0Bk0Y1LSDw_1731452248",
         "direction":"Internal","processingId":"Pd0OCuNL88QUcTMmMDg40I18qawNIFCzdGxqvhNOH9Y",
         "recipients":"bob@corp.example","senderEnvelope":"ann@corp.example","subtype":null,
         "timestamp":1731452254138,"type":"journal"}
        """);
  }

  /**
   * An Internal Email Protect line: an internal sender's message to a distribution list carried a
   * URL blocked for its category (a compromised site) — the mark of a compromised account.
   */
  static ObjectNode v2InternalEmailProtect() {
    return MimecastRecords.parse(
        """
        {"accountId":"CUSB4A274","aggregateId":"RyZVTDvJMWi-Z68ZSU9WiA_1731862947",
         "messageId":"<i1@mx.corp.example>","monitoredDomainSource":null,
         "processingId":"JOsQ81iW842NHWl0bfVsgQ0PO7JYMph14vGQhgmXV4g",
         "recipients":"all-staff@corp.example","route":"Internal",
         "scanResults":"Blocked URL Category","senderEnvelope":"Coo.Jeff@Corp.Example",
         "similarDomain":null,"subject":"Management changes","subtype":null,
         "timestamp":1731862950599,"type":"internal email protect","urlCategory":"Compromised"}
        """);
  }

  /** An AV line: the anti-virus scan found a virus in an attachment. */
  static ObjectNode v2Av() {
    return MimecastRecords.parse(
        """
        {"accountId":"CUSB4A274","aggregateId":"pZrAa9HUN-WmL2AK6cWduw_1731621818",
         "fileExtension":"zip","fileName":"invoice.zip","md5":"baab79394970762f6ccefff87e0884ac",
         "sha1":"08a3037782976df0defbc4f0650d647b8696e18c",
         "sha256":"2184a906a8f705269be0ed65b25c0ecde9cd3bbe0bdadbe1e86492a7ce073c32",
         "recipients":"ann@corp.example","senderEnvelope":"billing@vendor.example",
         "senderDomainInternal":false,"virusFound":"Win.Trojan.Agent-1234",
         "processingId":"aZDCqoMHYF9FcjJQ869Lbra7mJvvQIa","subtype":null,
         "timestamp":1731621866023,"type":"av"}
        """);
  }
}
