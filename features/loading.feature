# language: zh-CN
功能: 读取集体合同文件
  协商代表和工会法律工作者用 YAML 文件编写集体合同；文件有误时，
  bargain 逐条指出文件、行号、字段路径、应填写的内容和实际填写的内容，不丢失任何一处错误。

  场景: 读取蚌埠网约送餐行业2021年春节专项补充协议
    假如 集体合同文件 "bengbu-delivery-spring-festival-2021.yaml"
    当 读取该文件
    那么 合同类型为 "集体合同补充协议"
    而且 条款 "festival-pay" 的计件单价为 "12.50元/单"
    而且 条款 "festival-pay" 的日保底收入为 "200.00元/日"

  场景: 读取蚌埠网约送餐行业集体合同，十六类条款齐全
    假如 集体合同文件 "bengbu-delivery-sector-agreement.yaml"
    当 读取该文件
    那么 合同类型为 "行业性集体合同"
    而且 每一类条款都至少有一条

  场景: 计件单价的计量单位写错时，指出字段路径和行号
    假如 集体合同文件 "bengbu-delivery-spring-festival-2021.yaml"
    而且 把其中的 "piece_rate: 12.5/order" 改为 "piece_rate: 12.5/day"
    当 读取该文件
    那么 报告 1 个问题
    而且 问题指向字段 "clauses[0].piece_rate" 及其所在行
    而且 问题说明包含 "expected a rate per order, not per day"

  场景: 多处错误一次全部报告
    假如 集体合同文件 "bengbu-delivery-spring-festival-2021.yaml"
    而且 把其中的 "kind: sector_union_federation" 改为 "kind: trade_union"
    而且 把其中的 "daily_floor: 200/day" 改为 "daily_floor: 两百元"
    当 读取该文件
    那么 报告 2 个问题
    而且 问题指向字段 "union.organisations[0].kind" 及其所在行
    而且 问题指向字段 "clauses[0].daily_floor" 及其所在行
