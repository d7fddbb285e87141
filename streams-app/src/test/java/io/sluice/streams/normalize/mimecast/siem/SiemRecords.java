package io.sluice.streams.normalize.mimecast.siem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.normalize.mimecast.MimecastRecords;

/**
 * Realistic Mimecast SIEM lines. API 1.0 field names: shared/vendor-apis.md §1 and
 * elastic/integrations siem_logs test-siem-logs.log; API 2.0: test-siem-v2-logs.log and
 * v2_pipeline.yml of the same package. Values made up. The 1.0 attachment and impersonation lines
 * and the 2.0 URL and impersonation lines have no public sample: their names are the documented
 * field descriptions (elastic siem_logs fields/field.yml), marked as such in docs/feeds.
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
}
